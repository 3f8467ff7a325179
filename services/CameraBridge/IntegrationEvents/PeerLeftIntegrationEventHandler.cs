using Hiroba.CameraBridge.Status;
using Hiroba.Contracts.Signaling;
using Hiroba.EventBus.Abstractions;

namespace Hiroba.CameraBridge.IntegrationEvents;

public sealed class PeerLeftIntegrationEventHandler(AyamePresence presence) : IIntegrationEventHandler<PeerLeftIntegrationEvent>
{
    public Task HandleAsync(PeerLeftIntegrationEvent @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return presence.LeftAsync(@event.RoomId, @event.PeerId, cancellationToken);
    }
}
