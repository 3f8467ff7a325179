using Hiroba.EventBus.Abstractions;

namespace Hiroba.EventBus.Subscriptions;

/// <summary>Which event type each subscribed topic carries, and which handlers run for it.</summary>
public sealed class EventSubscriptions
{
    private readonly Dictionary<string, EventSubscription> _byTopic = new(StringComparer.Ordinal);

    public IReadOnlyCollection<EventSubscription> All => _byTopic.Values;

    public bool TryGet(string topic, out EventSubscription subscription) => _byTopic.TryGetValue(topic, out subscription!);

    internal void Add(Type eventType, Type handlerType, string topic)
    {
        if (!_byTopic.TryGetValue(topic, out var subscription))
        {
            subscription = new EventSubscription(topic, eventType, []);
            _byTopic.Add(topic, subscription);
        }
        else if (subscription.EventType != eventType)
        {
            throw new InvalidOperationException($"Topic '{topic}' is claimed by both {subscription.EventType.Name} and {eventType.Name}.");
        }
        if (!subscription.HandlerTypes.Contains(handlerType))
        {
            subscription.HandlerTypes.Add(handlerType);
        }
    }
}

public sealed record EventSubscription(string Topic, Type EventType, List<Type> HandlerTypes)
{
    public string DeadLetterTopic => Topics.DeadLetterOf(Topic);
}
