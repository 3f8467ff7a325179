using System.Text.Json.Serialization;

namespace Hiroba.EventBus.Abstractions;

/// <summary>
/// Base of every integration event. <see cref="Id"/> and <see cref="OccurredAt"/> travel in the
/// CloudEvent envelope (<c>id</c>, <c>time</c>), not in its <c>data</c>.
/// </summary>
public abstract record IntegrationEvent
{
    [JsonIgnore]
    public Guid Id { get; init; } = Guid.CreateVersion7();

    [JsonIgnore]
    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;
}
