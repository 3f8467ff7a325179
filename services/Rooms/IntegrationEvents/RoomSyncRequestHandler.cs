using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;
using Hiroba.Rooms.Model;

namespace Hiroba.Rooms.IntegrationEvents;

/// <summary>Answers a sync request, Signaling's or Snapshots' alike.</summary>
public sealed class RoomSyncRequestHandler<TRequest>(RoomAnnouncer announcer) : IIntegrationEventHandler<TRequest>
    where TRequest : IntegrationEvent, IRoomSyncRequest
{
    public Task HandleAsync(TRequest @event, CancellationToken cancellationToken) =>
        announcer.AnswerSyncAsync(@event.InstanceId, @event.Id, cancellationToken);
}
