using System.Buffers.Binary;
using System.Collections.Concurrent;
using Hiroba.TestSupport;

namespace Hiroba.Mqtt.Tests.Support;

/// <summary>
/// A message handler that counts deliveries per message number (the first 4 payload bytes), to
/// prove that every message arrived exactly once.
/// </summary>
internal sealed class DeliveryCounter
{
    private const int ClosingNumber = -1;
    private readonly ConcurrentDictionary<int, int> _counts = new();

    public static byte[] Payload(int number, int size = 200)
    {
        var payload = new byte[Math.Max(size, 4)];
        BinaryPrimitives.WriteInt32BigEndian(payload, number);
        return payload;
    }

    public Task HandleAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        _counts.AddOrUpdate(BinaryPrimitives.ReadInt32BigEndian(message.Payload.Span), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    /// <summary>Publishes a last QoS 1 message and waits for it, so that anything (re)delivered before it has been counted.</summary>
    public async Task PublishClosingMessageAndWaitAsync(MqttClient publisher, string topic)
    {
        await publisher.PublishAsync(topic, Payload(ClosingNumber), MqttQos.AtLeastOnce);
        await Eventually.TrueAsync(() => _counts.ContainsKey(ClosingNumber), "the closing message arrived");
    }

    public Task WaitForAsync(int distinctMessages) =>
        Eventually.TrueAsync(() => _counts.Count >= distinctMessages, $"{distinctMessages} distinct messages arrived");

    public void AssertEachArrivedOnce(int messages) =>
        Assert.All(Enumerable.Range(0, messages), number => Assert.Equal(1, _counts.GetValueOrDefault(number)));

    /// <summary>For a backlog the broker re-sent after a reconnection: some may have arrived twice.</summary>
    public void AssertEachArrivedAtLeastOnce(int messages) =>
        Assert.All(Enumerable.Range(0, messages), number => Assert.True(_counts.GetValueOrDefault(number) >= 1, $"message {number} never arrived"));
}
