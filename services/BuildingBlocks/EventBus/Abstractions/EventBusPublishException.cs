namespace Hiroba.EventBus.Abstractions;

public sealed class EventBusPublishException(string topic, string reason, Exception? inner = null)
    : Exception($"Publishing to '{topic}' failed: {reason}", inner)
{
    public string Topic { get; } = topic;
}
