using Hiroba.CameraBridge.Status;
using Hiroba.Contracts.Signaling;
using Hiroba.EventBus.Abstractions;

namespace Hiroba.CameraBridge.IntegrationEvents;

/// <summary>A Signaling instance started (it asks for rooms first thing): the connections of the one before are gone.</summary>
public sealed class RoomSyncRequestedIntegrationEventHandler(AyamePresence presence) : IIntegrationEventHandler<RoomSyncRequestedIntegrationEvent>
{
    public Task HandleAsync(RoomSyncRequestedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return presence.SignalingStartedAsync(@event.OccurredAt, cancellationToken);
    }
}
