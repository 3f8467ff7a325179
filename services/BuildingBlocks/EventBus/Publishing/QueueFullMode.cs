namespace Hiroba.EventBus.Publishing;

/// <summary>Which event gives way when a <see cref="BestEffortDelivery"/> queue is full.</summary>
public enum QueueFullMode
{
    /// <summary>The event being queued is turned away; <see cref="IIntegrationEventPublisher.Publish"/> says so.</summary>
    DropNewest,

    /// <summary>The oldest queued event gives way, for events that a later one makes stale.</summary>
    DropOldest,
}
