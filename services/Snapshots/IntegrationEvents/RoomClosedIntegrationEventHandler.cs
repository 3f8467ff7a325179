using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;
using Hiroba.Snapshots.Wall;

namespace Hiroba.Snapshots.IntegrationEvents;

public sealed class RoomClosedIntegrationEventHandler(WallService wall) : IIntegrationEventHandler<RoomClosedIntegrationEvent>
{
    public Task HandleAsync(RoomClosedIntegrationEvent @event, CancellationToken cancellationToken) =>
        @event.Kind == RoomKind.Workshop ? wall.CloseRoomAsync(@event.RoomId) : Task.CompletedTask;
}
