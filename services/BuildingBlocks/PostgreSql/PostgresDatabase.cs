using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hiroba.PostgreSql;

/// <summary>
/// A service's PostgreSQL database, which its replicas share: a pooled data source, and the schema brought up to date
/// at start by whichever replica comes first (the others wait on the same lock and find nothing left to do). The schema
/// is append-only <see cref="Migrations"/>; <c>schema_version</c> counts those that ran.
/// </summary>
public abstract partial class PostgresDatabase(string connectionString, ILogger logger) : IAsyncDisposable
{
    /// <summary>Advisory lock held while the schema is migrated (advisory locks are per database).</summary>
    private const long MigrationLockKey = 0x4869726f62610001;

    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(connectionString);

    /// <summary>Append-only SQL scripts, each run in the migration's transaction. Never edit a shipped one: add the next.</summary>
    protected abstract IReadOnlyList<string> Migrations { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"""
            SELECT pg_advisory_xact_lock({MigrationLockKey});
            CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL);
            INSERT INTO schema_version SELECT 0 WHERE NOT EXISTS (SELECT FROM schema_version);
            """, cancellationToken);
        await using var read = new NpgsqlCommand("SELECT version FROM schema_version;", connection);
        var version = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
        for (var next = version; next < Migrations.Count; next++)
        {
            await ExecuteAsync(connection, Migrations[next] + $"\nUPDATE schema_version SET version = {next + 1};", cancellationToken);
            LogMigrated(logger, connection.Database, next + 1);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// A connection of its own, outside the pool, for session state that must end with it (an advisory lock, LISTEN):
    /// closing it ends the session. TCP keep-alives notice a server that vanished.
    /// </summary>
    public async Task<NpgsqlConnection> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 10 }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Takes the session-level advisory lock <paramref name="key"/> on a session of its own (<see cref="OpenSessionAsync"/>),
    /// unless another session holds it. The lock lasts as long as the session: disposing of it, or the process or its
    /// connection ending, lets it go.
    /// </summary>
    /// <returns>The session that holds the lock; null when another one holds it.</returns>
    public async Task<NpgsqlConnection?> TryTakeAdvisoryLockAsync(long key, CancellationToken cancellationToken)
    {
        var session = await OpenSessionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({key});", session);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                return session;
            }
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
        await session.DisposeAsync();
        return null;
    }

    /// <summary>
    /// Runs <paramref name="work"/> again, once, when it failed with a transient error and <paramref name="mayRepeat"/>
    /// says repeating it is safe. After the server restarted, the idle pooled connections are dead and the first command
    /// on one fails, so the pool is emptied before the second attempt.
    /// </summary>
    public async Task<T> RetryOnceAsync<T>(Func<Task<T>> work, Func<bool> mayRepeat)
    {
        try
        {
            return await work();
        }
        catch (NpgsqlException exception) when (exception.IsTransient && mayRepeat())
        {
            LogRetrying(logger, exception);
            DataSource.Clear();
            return await work();
        }
    }

    /// <summary>Runs <paramref name="sql"/> (positional parameters <c>$1</c>, <c>$2</c>… from <paramref name="values"/>) and reads each row.</summary>
    public Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params object?[] values) =>
        RetryOnceAsync(() => ReadAsync(sql, read, values, cancellationToken), mayRepeat: () => true);

    private async Task<List<T>> ReadAsync<T>(string sql, Func<NpgsqlDataReader, T> read, object?[] values, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(sql);
        command.Parameters.AddRange(values.Select(Parameter).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    /// <summary>
    /// Runs the statements in one round trip and one transaction, once more after a transient error (callers give
    /// statements that may be applied twice: a batch applied just before its connection failed is then repeated).
    /// </summary>
    /// <returns>How many rows each statement changed.</returns>
    public Task<int[]> ExecuteAsync(CancellationToken cancellationToken, params PostgresStatement[] statements) =>
        RetryOnceAsync(() => ExecuteOnceAsync(statements, cancellationToken), mayRepeat: () => true);

    private async Task<int[]> ExecuteOnceAsync(PostgresStatement[] statements, CancellationToken cancellationToken)
    {
        await using var batch = DataSource.CreateBatch();
        foreach (var statement in statements)
        {
            var command = new NpgsqlBatchCommand(statement.Sql);
            command.Parameters.AddRange(statement.Values.Select(Parameter).ToArray());
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return [.. batch.BatchCommands.Select<NpgsqlBatchCommand, int>(command => command.RecordsAffected)];
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A value as a parameter: null as SQL NULL, a time in UTC (what <c>timestamptz</c> takes).</summary>
    private static NpgsqlParameter Parameter(object? value) => new()
    {
        Value = value switch
        {
            null => DBNull.Value,
            DateTimeOffset time => time.ToUniversalTime(),
            _ => value,
        },
    };

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "A command failed on a PostgreSQL connection that had ended; trying once more on a new one")]
    private static partial void LogRetrying(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Information, "PostgreSQL database {Database} migrated to schema version {Version}")]
    private static partial void LogMigrated(ILogger logger, string database, int version);
}
