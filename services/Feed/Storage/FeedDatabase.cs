using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Hiroba.Feed.Storage;

/// <summary>
/// The SQLite file <c>feed.db</c> in <c>Data:Path</c>, in WAL mode. Every write goes through one connection, one
/// transaction at a time (SQLite has a single writer anyway; queuing here avoids its busy-retry sleeps). Reads use
/// their own pooled connections and never wait for writes.
/// </summary>
public sealed partial class FeedDatabase(IOptions<DataOptions> options, ILogger<FeedDatabase> logger) : IAsyncDisposable
{
    public const string FileName = "feed.db";

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private SqliteConnection? _writer;

    private string ConnectionString { get; } = new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(Path.GetFullPath(options.Value.Path), FileName),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
    }.ToString();

    /// <summary>Creates the folder and the file if needed, switches to WAL and brings the schema up to date.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        SQLitePCL.Batteries_V2.Init();
        Directory.CreateDirectory(options.Value.Path);
        var writer = new SqliteConnection(ConnectionString);
        await writer.OpenAsync(cancellationToken);
        // FULL makes each commit durable on disk before the API answers 201 (WAL keeps that cheap).
        await ExecuteAsync(writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", cancellationToken);
        await MigrateAsync(writer, cancellationToken);
        _writer = writer;
    }

    /// <summary>Runs <paramref name="work"/> in a transaction of its own and commits it; rolls back if it throws.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var writer = _writer ?? throw new InvalidOperationException("The feed database is not initialized.");
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = (SqliteTransaction)await writer.BeginTransactionAsync(cancellationToken);
            var result = await work(transaction, cancellationToken);
            await transaction.CommitAsync(CancellationToken.None);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>An open connection for reading; dispose it when done.</summary>
    public async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }
        _writeLock.Dispose();
    }

    private async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        if (version > FeedSchema.Migrations.Count)
        {
            throw new InvalidOperationException(
                $"{FileName} has schema version {version}, newer than this build knows ({FeedSchema.Migrations.Count}).");
        }

        for (var next = version; next < FeedSchema.Migrations.Count; next++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, FeedSchema.Migrations[next] + $"\nPRAGMA user_version = {next + 1};", cancellationToken, transaction);
            await transaction.CommitAsync(cancellationToken);
            LogMigrated(logger, next + 1);
        }
    }

    private static async Task ExecuteAsync(
        SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Information, "Feed database migrated to schema version {Version}")]
    private static partial void LogMigrated(ILogger logger, int version);
}
