using System.Diagnostics;
using Hiroba.EventBus.Abstractions;

namespace Hiroba.EventBus.Publishing.Outbox;

/// <summary>One stored event of an <see cref="IIntegrationEventOutbox"/>.</summary>
public interface IOutboxEntry
{
    /// <summary>Its place in the outbox: later events have larger numbers.</summary>
    long Sequence { get; }

    Guid EventId { get; }

    string Topic { get; }

    /// <summary>The trace the event was stored in (the request that stored it); default when it was stored untraced.</summary>
    ActivityContext TraceContext { get; }

    /// <summary>The event as it was stored, with its original id and time, so a re-publish carries the same id.</summary>
    /// <param name="traceContext">The span its publish continues.</param>
    IntegrationEvent ToIntegrationEvent(ActivityContext traceContext);
}
