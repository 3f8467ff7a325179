using Hiroba.ServiceDefaults;
using Hiroba.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Hiroba.Feed.Storage.Sqlite;

/// <summary>
/// The SQLite file <c>feed.db</c> in <c>Data:Path</c> (<see cref="SqliteDatabase"/>). Its write-ahead log is
/// checkpointed on <see cref="WalCheckpointer"/>'s timer, never inside a commit.
/// </summary>
public sealed class FeedDatabase(IOptions<DataOptions> options, IOptions<FeedStorageOptions> storageOptions, ILogger<FeedDatabase> logger)
    : SqliteDatabase(new SqliteDatabaseOptions(options.Value.Path, FileName)
    {
        SyncEveryCommit = storageOptions.Value.CommitDurability == CommitDurability.PowerLoss,
        WriterPragmas = $"PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {LogSizeLimitBytes};",
    }, logger), IFeedDatabase
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

    protected override IReadOnlyList<SqliteMigration> Migrations => FeedSchema.Migrations;

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
            await RunBetweenCommitsAsync(CheckpointPassivelyAsync, cancellationToken);
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
}
