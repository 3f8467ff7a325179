using System.Collections.Concurrent;
using System.Reflection;

namespace Hiroba.EventBus.Abstractions;

public static class Topics
{
    public const string DeadLetterSuffix = ".dead-letter";

    private static readonly ConcurrentDictionary<Type, string> ByEventType = new();

    public static string Of<TEvent>() where TEvent : IntegrationEvent => Of(typeof(TEvent));

    public static string Of(Type eventType) => ByEventType.GetOrAdd(eventType, static type =>
    {
        var name = type.GetCustomAttribute<TopicAttribute>()?.Name
            ?? throw new InvalidOperationException($"{type.Name} has no [Topic] attribute.");
        return IsValid(name)
            ? name
            : throw new InvalidOperationException($"{type.Name} has an invalid topic '{name}': use lower-case '<owner>.<event>'.");
    });

    /// <summary>The topic an event travels on: its type's, or for an <see cref="IAddressedIntegrationEvent"/> its recipient's inbox.</summary>
    public static string Of(IntegrationEvent @event) => @event is IAddressedIntegrationEvent addressed
        ? InboxOf(@event.GetType(), addressed.Inbox)
        : Of(@event.GetType());

    /// <summary><c>&lt;event topic&gt;.&lt;inbox&gt;</c>: where <paramref name="eventType"/>'s events for one process go.</summary>
    public static string InboxOf(Type eventType, string inbox) =>
        inbox.Length is > 0 and <= 64 && inbox.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')
            ? $"{Of(eventType)}.{inbox}"
            : throw new ArgumentException($"'{inbox}' is not an inbox address: use 1 to 64 lower-case letters, digits and '-'.", nameof(inbox));

    public static string DeadLetterOf(string topic) => topic + DeadLetterSuffix;

    /// <summary>A topic is the same string on Dapr and MQTT, so it may not hold MQTT wildcards or start with '$'.</summary>
    public static bool IsValid(string topic) =>
        topic.Length is > 0 and <= 200
        && topic.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-' or '/')
        && topic.Contains('.');
}
