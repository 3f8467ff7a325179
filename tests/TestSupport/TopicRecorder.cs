using System.Threading.Channels;
using Hiroba.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiroba.TestSupport;

/// <summary>
/// A plain MQTT subscriber on the real broker that keeps what arrives on one topic filter. With a persistent session
/// the broker keeps its subscription and queues its messages while it is away, even across a graceful broker restart
/// when the broker persists its state.
/// </summary>
public sealed class TopicRecorder : IAsyncDisposable
{
    private readonly Channel<MqttApplicationMessage> _messages = Channel.CreateUnbounded<MqttApplicationMessage>();
    private readonly MqttClient _client;

    private TopicRecorder(MosquittoFixture broker, bool persistentSession)
    {
        _client = new MqttClient(
            new MqttClientOptions
            {
                Host = broker.Host,
                Port = broker.Port,
                ClientId = "recorder-" + Guid.NewGuid().ToString("N"),
                CleanSession = !persistentSession,
                Username = broker.ServiceUsername,
                Password = broker.ServicePassword,
            },
            (message, _) =>
            {
                // The payload buffer may be reused once the handler returns.
                _messages.Writer.TryWrite(message with { Payload = message.Payload.ToArray() });
                return Task.CompletedTask;
            },
            NullLogger<MqttClient>.Instance,
            TimeProvider.System);
    }

    public static async Task<TopicRecorder> StartAsync(MosquittoFixture broker, string topicFilter, bool persistentSession = false)
    {
        var recorder = new TopicRecorder(broker, persistentSession);
        await recorder._client.ConnectAsync(CancellationToken.None);
        await recorder._client.SubscribeAsync(topicFilter, MqttQos.AtLeastOnce, CancellationToken.None);
        return recorder;
    }

    public async Task<MqttApplicationMessage> NextAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        return await _messages.Reader.ReadAsync(cancellation.Token);
    }

    public int CountSoFar => _messages.Reader.Count;

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
