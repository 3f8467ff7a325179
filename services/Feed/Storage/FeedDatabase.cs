using Hiroba.ServiceDefaults;
using Hiroba.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Hiroba.Feed.Storage;

/// <summary>
/// The SQLite file <c>feed.db</c> in <c>Data:Path</c>, in WAL mode. Every write goes through one connection with
/// group commit (<see cref="GroupCommitWriter"/>; SQLite has a single writer anyway, and queuing here avoids its
/// busy-retry sleeps). Reads use their own pooled connections and never wait for writes.
/// </summary>
public sealed partial class FeedDatabase(
    IOptions<DataOptions> options, IOptions<FeedStorageOptions> storageOptions, ILogger<FeedDatabase> logger) : IAsyncDisposable
{
    public const string FileName = "feed.db";

    /// <summary>
    /// Frames in the write-ahead log (of 4 KiB pages) above which the writer finishes a checkpoint itself: under a steady
    /// stream of writes a background checkpoint never catches the last commit, and the log only starts over from its
    /// beginning once every frame is in the file.
    /// </summary>
    private const int LogRestartFrames = 4096;

    /// <summary>What the write-ahead log file is cut back to when it starts over.</summary>
    private const long LogSizeLimitBytes = 16 * 1024 * 1024;

    private SqliteConnection? _connection;
    private GroupCommitWriter? _writer;

    private string ConnectionString { get; } = SqliteFiles.ConnectionString(options.Value.Path, FileName);

    /// <summary>Creates the folder and the file if needed, switches to WAL and brings the schema up to date.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var synchronous = storageOptions.Value.CommitDurability == CommitDurability.PowerLoss ? "FULL" : "NORMAL";
        // Checkpoints run on WalCheckpointer's timer, never inside a commit.
        var writer = await SqliteFiles.OpenAsync(options.Value.Path, FileName,
            $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; PRAGMA wal_autocheckpoint = 0; " +
            $"PRAGMA journal_size_limit = {LogSizeLimitBytes}; PRAGMA foreign_keys = ON;",
            cancellationToken);
        foreach (var version in await SqliteMigrations.ApplyAsync(writer, FeedSchema.Migrations, FileName, cancellationToken))
        {
            LogMigrated(logger, version);
        }
        _connection = writer;
        _writer = new GroupCommitWriter(writer);
    }

    /// <summary>
    /// Runs <paramref name="work"/> as one atomic write and completes once it is committed; if it throws, none of
    /// its changes stay.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        Writer.WriteAsync(work, cancellationToken);

    /// <summary>An open connection for reading; dispose it when done.</summary>
    public async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Copies the write-ahead log into the database file without waiting for readers or the writer; when the log has
    /// grown long, the writer then copies the few frames committed meanwhile between two commits, so it starts over.
    /// </summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        int logFrames;
        await using (var connection = await OpenReaderAsync(cancellationToken))
        {
            logFrames = await CheckpointPassivelyAsync(connection, cancellationToken);
        }
        if (logFrames >= LogRestartFrames)
        {
            await Writer.RunBetweenCommitsAsync(CheckpointPassivelyAsync, cancellationToken);
        }
    }

    private GroupCommitWriter Writer => _writer ?? throw new InvalidOperationException("The feed database is not initialized.");

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
    }

    /// <returns>The number of frames in the write-ahead log.</returns>
    private static async Task<int> CheckpointPassivelyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // One row: busy (0 or 1), frames in the log, frames checkpointed.
        return await reader.ReadAsync(cancellationToken) ? reader.GetInt32(1) : 0;
    }

    [LoggerMessage(LogLevel.Information, "Feed database migrated to schema version {Version}")]
    private static partial void LogMigrated(ILogger logger, int version);
}
