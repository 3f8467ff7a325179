using System.Threading.Channels;
using MQTTnet;

namespace Hiroba.TestSupport;

/// <summary>
/// A plain MQTT subscriber on the real broker that keeps what arrives on one topic filter. With a persistent session
/// the broker keeps its subscription and queues its messages while it is away, even across a graceful broker restart
/// when the broker persists its state.
/// </summary>
public sealed class TopicRecorder : IAsyncDisposable
{
    private readonly Channel<ReceivedMessage> _messages = Channel.CreateUnbounded<ReceivedMessage>();
    private IMqttClient? _client;

    public static async Task<TopicRecorder> StartAsync(MosquittoFixture broker, string topicFilter, bool persistentSession = false)
    {
        var recorder = new TopicRecorder();
        recorder._client = await BrokerClient.ConnectAsync(
            broker,
            "recorder-" + Guid.NewGuid().ToString("N"),
            message =>
            {
                recorder._messages.Writer.TryWrite(message);
                return Task.CompletedTask;
            },
            cleanSession: !persistentSession);
        await recorder._client.SubscribeQos1Async(topicFilter);
        return recorder;
    }

    public async Task<ReceivedMessage> NextAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        return await _messages.Reader.ReadAsync(cancellation.Token);
    }

    public int CountSoFar => _messages.Reader.Count;

    public ValueTask DisposeAsync() => _client?.CloseAsync() ?? ValueTask.CompletedTask;
}
