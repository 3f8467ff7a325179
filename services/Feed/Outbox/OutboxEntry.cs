using System.Text.Json;
using Hiroba.Contracts.Feed;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.EventBus.Publishing.Outbox;

namespace Hiroba.Feed.Outbox;

/// <summary>One stored event, waiting to be published or already sent.</summary>
public sealed record OutboxEntry(long Sequence, Guid EventId, string Topic, string Data, DateTimeOffset OccurredAt) : IOutboxEntry
{
    /// <summary>The integration events this service publishes, by topic.</summary>
    private static readonly Dictionary<string, Type> EventTypes = new[]
    {
        typeof(PostPublishedIntegrationEvent),
        typeof(PostDeletedIntegrationEvent),
    }.ToDictionary(Topics.Of);

    public static string Serialize(IntegrationEvent @event) =>
        JsonSerializer.Serialize(@event, @event.GetType(), CloudEventSerializer.DataOptions);

    public IntegrationEvent ToIntegrationEvent()
    {
        var type = EventTypes.TryGetValue(Topic, out var known)
            ? known
            : throw new InvalidOperationException($"Outbox entry {Sequence} has unknown topic '{Topic}'.");
        var @event = (IntegrationEvent?)JsonSerializer.Deserialize(Data, type, CloudEventSerializer.DataOptions)
            ?? throw new InvalidOperationException($"Outbox entry {Sequence} holds JSON null.");
        return @event with { Id = EventId, OccurredAt = OccurredAt };
    }
}
