namespace Hiroba.EventBus.Abstractions;

/// <summary>
/// Handles one integration event type. Delivery is at least once and may be concurrent, so a
/// handler must be idempotent; the bus already drops repeats of an event id it has handled.
/// </summary>
public interface IIntegrationEventHandler<in TEvent> where TEvent : IntegrationEvent
{
    Task HandleAsync(TEvent @event, CancellationToken cancellationToken);
}
