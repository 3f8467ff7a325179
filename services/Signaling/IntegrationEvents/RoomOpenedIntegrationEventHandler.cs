using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;
using Hiroba.Signaling.RoomDirectory;

namespace Hiroba.Signaling.IntegrationEvents;

/// <summary>Learns a room the admin created; an ad-hoc room is what an unknown room is anyway, so it is not kept.</summary>
public sealed class RoomOpenedIntegrationEventHandler(RoomAnnouncements announcements) : IIntegrationEventHandler<RoomOpenedIntegrationEvent>
{
    public Task HandleAsync(RoomOpenedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        if (!@event.AdHoc)
        {
            announcements.Opened(@event.RoomId, new RoomPolicy(@event.Kind, @event.Capacity, @event.SignalingKeyHash));
        }
        return Task.CompletedTask;
    }
}
