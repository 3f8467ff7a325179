using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Hiroba.Sqlite;

/// <summary>
/// A service's SQLite file, opened and written the one way every service does: WAL, every write on one connection
/// with group commit (<see cref="GroupCommitWriter"/>: SQLite has a single writer anyway, and queuing here avoids its
/// busy-retry sleeps), reads on pooled connections of their own that never wait for writes, and the schema as
/// append-only <see cref="Migrations"/>. Times are stored as INTEGER Unix milliseconds (UTC), so they compare as numbers.
/// </summary>
public abstract partial class SqliteDatabase(SqliteDatabaseOptions options, ILogger logger) : IAsyncDisposable
{
    /// <summary>How long a connection waits for a lock another holds (a checkpoint, or WAL recovery at start).</summary>
    private const string BusyTimeout = "PRAGMA busy_timeout = 5000;";

    private SqliteConnection? _connection;
    private GroupCommitWriter? _writer;

    private string ConnectionString { get; } = new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(Path.GetFullPath(options.Folder), options.FileName),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
    }.ToString();

    /// <summary>Append-only; <c>PRAGMA user_version</c> counts those that ran. Never edit a shipped one: add the next.</summary>
    protected abstract IReadOnlyList<SqliteMigration> Migrations { get; }

    /// <summary>Creates the folder and the file if needed, switches to WAL and brings the schema up to date.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Folder);
        var connection = await OpenConnectionAsync(
            $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {(options.SyncEveryCommit ? "FULL" : "NORMAL")}; " +
            $"PRAGMA foreign_keys = ON; {options.WriterPragmas}",
            cancellationToken);
        var reached = await SqliteMigrations.ApplyAsync(connection, Migrations, options.FileName, cancellationToken);
        foreach (var version in reached)
        {
            LogMigrated(logger, options.FileName, version);
        }
        if (reached.Count > 0)
        {
            // Copies the migrated pages into the database file and empties the write-ahead log, which may still hold
            // the pages a migration replaced (values it encrypted or converted among them).
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        }
        _connection = connection;
        _writer = new GroupCommitWriter(connection);
    }

    /// <summary>
    /// Queues <paramref name="work"/> as one atomic write, after those queued before it, and completes once it is
    /// committed; if it throws, none of its changes stay (and the other writes of its commit do).
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        Writer.WriteAsync(work, cancellationToken);

    /// <inheritdoc cref="WriteAsync{T}"/>
    public Task WriteAsync(Func<SqliteTransaction, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        Writer.WriteAsync(async (transaction, ct) =>
        {
            await work(transaction, ct);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> on the writing connection between two commits, outside any transaction, so no
    /// write happens while it runs.
    /// </summary>
    protected Task RunBetweenCommitsAsync(Func<SqliteConnection, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        Writer.RunBetweenCommitsAsync(work, cancellationToken);

    /// <summary>A pooled connection for reading; dispose it when done.</summary>
    public Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken) => OpenConnectionAsync("", cancellationToken);

    /// <summary>Runs <paramref name="sql"/> on a reading connection with the named <paramref name="parameters"/> and reads each row.</summary>
    public async Task<List<T>> QueryAsync<T>(
        string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    private GroupCommitWriter Writer =>
        _writer ?? throw new InvalidOperationException($"{options.FileName} is not initialized.");

    private async Task<SqliteConnection> OpenConnectionAsync(string pragmas, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = BusyTimeout + pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    [LoggerMessage(LogLevel.Information, "{FileName} migrated to schema version {Version}")]
    private static partial void LogMigrated(ILogger logger, string fileName, int version);
}
