using System.Diagnostics;
using System.Text.Json.Serialization;

namespace Hiroba.EventBus.Abstractions;

/// <summary>
/// Base of every integration event. <see cref="Id"/> and <see cref="OccurredAt"/> travel in the
/// CloudEvent envelope (<c>id</c>, <c>time</c>), not in its <c>data</c>; so does <see cref="TraceContext"/>
/// (<c>traceparent</c>, <c>tracestate</c>).
/// </summary>
public abstract record IntegrationEvent
{
    [JsonIgnore]
    public Guid Id { get; init; } = Guid.CreateVersion7();

    [JsonIgnore]
    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// The span the event was raised in (the current one when it was made), so that its publish continues that trace
    /// even when it is published later from a queue or an outbox.
    /// </summary>
    [JsonIgnore]
    public ActivityContext TraceContext { get; init; } = Activity.Current?.Context ?? default;
}
