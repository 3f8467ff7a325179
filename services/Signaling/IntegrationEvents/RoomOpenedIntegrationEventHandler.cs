using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;
using Hiroba.Signaling.RoomDirectory;

namespace Hiroba.Signaling.IntegrationEvents;

public sealed class RoomOpenedIntegrationEventHandler(KnownRooms knownRooms) : IIntegrationEventHandler<RoomOpenedIntegrationEvent>
{
    public Task HandleAsync(RoomOpenedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        knownRooms.Opened(@event.RoomId, new RoomPolicy(@event.Kind, @event.Capacity, @event.SignalingKeyHash));
        return Task.CompletedTask;
    }
}
