using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;
using Hiroba.Signaling.RoomDirectory;

namespace Hiroba.Signaling.IntegrationEvents;

/// <summary>
/// A part of Rooms' answer to this instance's sync request: its keyed rooms are learnt, whether or not their own
/// announcements arrived before it, and with the last part to arrive the directory is complete.
/// </summary>
public sealed class RoomSyncCompletedIntegrationEventHandler(RoomDirectorySync sync, RoomAnnouncements announcements, KnownRooms knownRooms)
    : IIntegrationEventHandler<RoomSyncCompletedIntegrationEvent>
{
    public Task HandleAsync(RoomSyncCompletedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        if (@event.InstanceId != sync.InstanceId)
        {
            return Task.CompletedTask;
        }
        foreach (var room in @event.KeyedRooms)
        {
            announcements.Opened(room.RoomId, new RoomPolicy(room.Kind, room.Capacity, room.SignalingKeyHash));
        }
        if (sync.PartArrived(@event))
        {
            knownRooms.Completed();
        }
        return Task.CompletedTask;
    }
}
