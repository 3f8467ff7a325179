using Microsoft.Extensions.Options;

namespace Hiroba.Feed.Storage.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file on a timer, on its own connection. SQLite would otherwise do it
/// inside whichever commit crosses 1,000 log pages, and that commit, with the posts queued behind it, would wait for
/// the disk sync a checkpoint ends with. A passive checkpoint never blocks readers or the writer.
/// </summary>
public sealed partial class WalCheckpointer(
    FeedDatabase database, IOptions<FeedStorageOptions> options, TimeProvider timeProvider, ILogger<WalCheckpointer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await database.CheckpointAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogCheckpointFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; closing the last connection checkpoints the rest.
        }
    }

    [LoggerMessage(LogLevel.Warning, "Checkpointing the feed database's write-ahead log failed; trying again at the next interval")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
