using Hiroba.CameraBridge.Data;
using Hiroba.CameraBridge.Sharing;
using Hiroba.CameraBridge.Status;
using Hiroba.Contracts.Signaling;
using Hiroba.EventBus.Abstractions;

namespace Hiroba.CameraBridge.IntegrationEvents;

/// <summary>A peer on Signaling's Ayame endpoint (Momo in Ayame mode, or a viewer's side) is in a room.</summary>
public sealed class PeerJoinedIntegrationEventHandler(AyamePresence presence) : IIntegrationEventHandler<PeerJoinedIntegrationEvent>
{
    public Task HandleAsync(PeerJoinedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        // The bridge's own media server in a shared camera's room is not the camera.
        return @event.ClientKind == ClientKind.Ayame && !@event.DisplayName.StartsWith(MediaServerLink.ClientIdPrefix, StringComparison.Ordinal)
            ? presence.JoinedAsync(new AyamePeer(@event.RoomId, @event.PeerId, @event.OccurredAt), cancellationToken)
            : Task.CompletedTask;
    }
}
