using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;
using Hiroba.Signaling.RoomDirectory;

namespace Hiroba.Signaling.IntegrationEvents;

/// <summary>
/// Rooms has answered this instance's sync request: the directory is complete. The keyed rooms in the answer are
/// learnt first, whether or not their own announcements arrived before it.
/// </summary>
public sealed class RoomSyncCompletedIntegrationEventHandler(RoomDirectorySync sync, RoomAnnouncements announcements, KnownRooms knownRooms)
    : IIntegrationEventHandler<RoomSyncCompletedIntegrationEvent>
{
    public Task HandleAsync(RoomSyncCompletedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        if (@event.InstanceId == sync.InstanceId)
        {
            foreach (var room in @event.KeyedRooms)
            {
                announcements.Opened(room.RoomId, new RoomPolicy(room.Kind, room.Capacity, room.SignalingKeyHash));
            }
            knownRooms.Completed();
        }
        return Task.CompletedTask;
    }
}
