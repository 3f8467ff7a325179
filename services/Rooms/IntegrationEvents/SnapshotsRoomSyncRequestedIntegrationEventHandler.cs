using Hiroba.Contracts.Snapshots;
using Hiroba.EventBus.Abstractions;
using Hiroba.Rooms.Model;

namespace Hiroba.Rooms.IntegrationEvents;

public sealed class SnapshotsRoomSyncRequestedIntegrationEventHandler(RoomAnnouncer announcer)
    : IIntegrationEventHandler<SnapshotsRoomSyncRequestedIntegrationEvent>
{
    public Task HandleAsync(SnapshotsRoomSyncRequestedIntegrationEvent @event, CancellationToken cancellationToken) =>
        announcer.AnswerSyncAsync(@event.InstanceId, @event.Id, cancellationToken);
}
