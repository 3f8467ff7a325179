using System.Diagnostics;
using System.Text.Json;
using Hiroba.Contracts.Feed;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.EventBus.Publishing.Outbox;
using Hiroba.EventBus.Telemetry;

namespace Hiroba.Feed.Outbox;

/// <summary>One stored event, waiting to be published or already sent, with the trace it was stored in (W3C).</summary>
public sealed record OutboxEntry(
    long Sequence, Guid EventId, string Topic, string Data, DateTimeOffset OccurredAt, string? TraceParent, string? TraceState) : IOutboxEntry
{
    /// <summary>The trace the event was stored in; default when it was stored untraced (or before traces were kept).</summary>
    public ActivityContext TraceContext =>
        TraceContextFormat.TryParse(TraceParent, TraceState, out var context) ? context : default;

    /// <summary>The integration events this service publishes, by topic.</summary>
    private static readonly Dictionary<string, Type> EventTypes = new[]
    {
        typeof(PostPublishedIntegrationEvent),
        typeof(PostDeletedIntegrationEvent),
    }.ToDictionary(Topics.Of);

    public static string Serialize(IntegrationEvent @event) =>
        JsonSerializer.Serialize(@event, @event.GetType(), CloudEventSerializer.DataOptions);

    /// <summary>The event as it was stored, with its original id and time, so a re-publish carries the same id.</summary>
    /// <param name="traceContext">The span its publish continues.</param>
    public IntegrationEvent ToIntegrationEvent(ActivityContext traceContext)
    {
        var type = EventTypes.TryGetValue(Topic, out var known)
            ? known
            : throw new InvalidOperationException($"Outbox entry {Sequence} has unknown topic '{Topic}'.");
        var @event = (IntegrationEvent?)JsonSerializer.Deserialize(Data, type, CloudEventSerializer.DataOptions)
            ?? throw new InvalidOperationException($"Outbox entry {Sequence} holds JSON null.");
        return @event with { Id = EventId, OccurredAt = OccurredAt, TraceContext = traceContext };
    }
}
