using Microsoft.Extensions.Options;

namespace Hiroba.Snapshots.Wall;

/// <summary>Keeps idle host streams open with a comment line, and deletes the images of rooms closed long enough ago.</summary>
public sealed partial class WallMaintenance(
    WallRegistry registry, WallService wall, IOptions<SnapshotsOptions> options, TimeProvider timeProvider, ILogger<WallMaintenance> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Min(options.Value.StreamHeartbeat.Ticks, options.Value.ClosedRoomRetention.Ticks));
        using var timer = new PeriodicTimer(period, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var room in registry.Rooms)
            {
                lock (room.Gate)
                {
                    room.KeepStreamsAlive();
                }
            }
            try
            {
                await wall.PurgeExpiredRoomsAsync();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                LogPurgeFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "Deleting the images of closed rooms failed; trying again at the next tick")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
