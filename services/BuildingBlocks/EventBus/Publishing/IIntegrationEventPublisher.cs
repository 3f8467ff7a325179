using Hiroba.EventBus.Abstractions;

namespace Hiroba.EventBus.Publishing;

/// <summary>
/// Publishes a service's events in the background under its <see cref="BestEffortDelivery"/>, so a request or a
/// connection never waits for the broker.
/// </summary>
public interface IIntegrationEventPublisher
{
    /// <summary>Queues <paramref name="event"/> for publishing.</summary>
    /// <returns>False when the queue was full and the policy turned this event away (<see cref="QueueFullMode.DropNewest"/>).</returns>
    bool Publish(IntegrationEvent @event);
}
