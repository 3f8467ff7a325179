using Hiroba.Contracts.Signaling;
using Hiroba.Signaling.IntegrationEvents;

namespace Hiroba.Signaling.RoomDirectory;

/// <summary>
/// Asks Rooms for every open room when this instance starts (<c>signaling.room-sync-requested</c>), and again, less and
/// less often, until the answer's marker (<c>rooms.room-sync-completed</c>) completes <see cref="KnownRooms"/>: a
/// request can be lost (Rooms down, a subscription not yet in place) and nothing else would ever complete it.
/// </summary>
public sealed partial class RoomDirectorySync(
    KnownRooms knownRooms, SignalingEventPublisher events, ILogger<RoomDirectorySync> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    public string InstanceId { get; } = Guid.CreateVersion7().ToString();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Repeats keep the first request's time: that is when this instance started, which is what others read from it.
        var request = new RoomSyncRequestedIntegrationEvent(InstanceId);
        for (var wait = FirstRetry; ; wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, MaxRetry.Ticks)))
        {
            events.Enqueue(request);
            if (await knownRooms.WaitCompleteAsync(wait, stoppingToken))
            {
                LogComplete(logger);
                return;
            }
            LogNoAnswer(logger, wait);
            request = request with { Id = Guid.CreateVersion7() };
        }
    }

    [LoggerMessage(LogLevel.Information, "Rooms has announced every open room; unknown rooms are ad-hoc rooms from now on")]
    private static partial void LogComplete(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Rooms has not answered the room sync within {Wait}; asking again (joins to unknown rooms are refused meanwhile)")]
    private static partial void LogNoAnswer(ILogger logger, TimeSpan wait);
}
