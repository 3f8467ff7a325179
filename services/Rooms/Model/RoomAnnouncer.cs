using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;
using Hiroba.Rooms.Data;

namespace Hiroba.Rooms.Model;

/// <summary>
/// Publishes what other services must know about rooms. A failed publish is logged, not thrown: the state is
/// in the database and is announced again at start-up and on every <c>signaling.room-sync-requested</c>.
/// </summary>
public sealed partial class RoomAnnouncer(IEventBus eventBus, RoomRepository rooms, ILogger<RoomAnnouncer> logger)
{
    public Task AnnounceOpenedAsync(Room room, CancellationToken cancellationToken) =>
        PublishAsync(room.ToOpenedEvent(), room.Id, cancellationToken);

    public Task AnnounceClosedAsync(Room room, CancellationToken cancellationToken) =>
        PublishAsync(new RoomClosedIntegrationEvent(room.Id, room.Kind), room.Id, cancellationToken);

    public async Task AnnounceAllOpenAsync(CancellationToken cancellationToken)
    {
        var open = await rooms.ListOpenAsync(cancellationToken);
        foreach (var room in open)
        {
            await AnnounceOpenedAsync(room, cancellationToken);
        }
        LogAnnouncedAll(logger, open.Count);
    }

    private async Task PublishAsync(IntegrationEvent @event, string roomId, CancellationToken cancellationToken)
    {
        try
        {
            await eventBus.PublishAsync(@event, cancellationToken);
        }
        catch (EventBusPublishException exception)
        {
            LogPublishFailed(logger, exception, Topics.Of(@event.GetType()), roomId);
        }
    }

    [LoggerMessage(LogLevel.Information, "Announced {Count} open rooms")]
    private static partial void LogAnnouncedAll(ILogger logger, int count);

    [LoggerMessage(LogLevel.Error, "Could not publish {Topic} for room {RoomId}; it is announced again at the next sync")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string topic, string roomId);
}
