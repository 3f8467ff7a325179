using Hiroba.Contracts.Signaling;
using Hiroba.EventBus.Abstractions;
using Hiroba.Signaling.Replicas;

namespace Hiroba.Signaling.IntegrationEvents;

public sealed class SignalingRelayIntegrationEventHandler(RelayHub hub) : IIntegrationEventHandler<SignalingRelayIntegrationEvent>
{
    public Task HandleAsync(SignalingRelayIntegrationEvent @event, CancellationToken cancellationToken) =>
        hub.DeliverAsync(@event, cancellationToken);
}
