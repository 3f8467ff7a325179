using Hiroba.EventBus.Abstractions;
using Hiroba.Resilience;

namespace Hiroba.EventBus.Publishing;

/// <summary>
/// The delivery policy of a service whose events live only in memory until the broker takes them: a bounded queue,
/// drained by <see cref="Publishers"/> background publishers. An event is lost when the queue is full
/// (<see cref="WhenFull"/>, logged and counted in <c>hiroba.eventbus.publisher.dropped</c>), when an attempt fails and
/// it is not retried, and when the service stops (what is still queued then gets one attempt). For delivery that
/// survives a crash, store the events in an outbox (<see cref="Outbox.OutboxRelay"/>).
/// </summary>
public sealed record BestEffortDelivery
{
    /// <summary>Events the queue holds at most.</summary>
    public required int Capacity { get; init; }

    public QueueFullMode WhenFull { get; init; } = QueueFullMode.DropNewest;

    /// <summary>Publishers working the queue at once; with one, events reach the broker in the order they were queued.</summary>
    public int Publishers { get; init; } = 1;

    /// <summary>How a failed publish is tried again until the broker takes it; without it every event gets one attempt.</summary>
    public ExponentialBackoff? Retry { get; init; }

    /// <summary>Which events <see cref="Retry"/> applies to (all by default); the others get one attempt.</summary>
    public Func<IntegrationEvent, bool> IsRetried { get; init; } = static _ => true;
}
