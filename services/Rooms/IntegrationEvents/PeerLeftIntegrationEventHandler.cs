using Hiroba.Contracts.Signaling;
using Hiroba.EventBus.Abstractions;
using Hiroba.Rooms.Data;

namespace Hiroba.Rooms.IntegrationEvents;

public sealed class PeerLeftIntegrationEventHandler(PresenceRepository presence) : IIntegrationEventHandler<PeerLeftIntegrationEvent>
{
    public Task HandleAsync(PeerLeftIntegrationEvent @event, CancellationToken cancellationToken) =>
        presence.RemoveAsync(@event.RoomId, @event.PeerId, cancellationToken);
}
