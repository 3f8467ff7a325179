using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;
using Hiroba.Snapshots.Wall;

namespace Hiroba.Snapshots.IntegrationEvents;

/// <summary>Learns workshop rooms (with their host key's hash and snapshot interval); other kinds are not the wall's.</summary>
public sealed class RoomOpenedIntegrationEventHandler(WallService wall) : IIntegrationEventHandler<RoomOpenedIntegrationEvent>
{
    public Task HandleAsync(RoomOpenedIntegrationEvent @event, CancellationToken cancellationToken) =>
        @event.Kind == RoomKind.Workshop && RoomIds.IsValid(@event.RoomId) ? wall.OpenRoomAsync(@event) : Task.CompletedTask;
}
