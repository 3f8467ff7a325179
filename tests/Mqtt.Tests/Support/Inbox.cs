using Hiroba.TestSupport;
using System.Collections.Concurrent;
using System.Text;

namespace Hiroba.Mqtt.Tests.Support;

/// <summary>A message handler that records what arrives.</summary>
internal sealed class Inbox
{
    private readonly ConcurrentQueue<MqttApplicationMessage> _messages = new();

    public IReadOnlyCollection<MqttApplicationMessage> Messages => _messages;

    public Task HandleAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        _messages.Enqueue(message);
        return Task.CompletedTask;
    }

    public bool Contains(string topic, string payload) =>
        _messages.Any(m => m.Topic == topic && Encoding.UTF8.GetString(m.Payload.Span) == payload);

    public Task WaitForAsync(string topic, string payload) =>
        Eventually.TrueAsync(() => Contains(topic, payload), $"'{payload}' arrived on '{topic}'");
}
