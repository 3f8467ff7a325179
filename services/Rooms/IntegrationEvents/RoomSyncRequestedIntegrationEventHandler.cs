using Hiroba.Contracts.Signaling;
using Hiroba.EventBus.Abstractions;
using Hiroba.Rooms.Model;

namespace Hiroba.Rooms.IntegrationEvents;

public sealed class RoomSyncRequestedIntegrationEventHandler(RoomAnnouncer announcer)
    : IIntegrationEventHandler<RoomSyncRequestedIntegrationEvent>
{
    public Task HandleAsync(RoomSyncRequestedIntegrationEvent @event, CancellationToken cancellationToken) =>
        announcer.AnswerSyncAsync(@event.InstanceId, @event.Id, cancellationToken);
}
