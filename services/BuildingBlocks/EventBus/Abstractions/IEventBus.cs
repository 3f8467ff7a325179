namespace Hiroba.EventBus.Abstractions;

public interface IEventBus
{
    /// <summary>
    /// Publishes the event to its topic. Completes when the broker (or the Dapr sidecar) has
    /// accepted it; throws <see cref="EventBusPublishException"/> otherwise.
    /// </summary>
    Task PublishAsync(IntegrationEvent @event, CancellationToken cancellationToken);
}
