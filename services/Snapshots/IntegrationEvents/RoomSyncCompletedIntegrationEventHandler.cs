using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;

namespace Hiroba.Snapshots.IntegrationEvents;

/// <summary>A part of Rooms' answer to a sync request; the rooms themselves came before it as <c>rooms.room-opened</c>.</summary>
public sealed class RoomSyncCompletedIntegrationEventHandler(WallRoomSync sync) : IIntegrationEventHandler<RoomSyncCompletedIntegrationEvent>
{
    public Task HandleAsync(RoomSyncCompletedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        sync.PartArrived(@event);
        return Task.CompletedTask;
    }
}
