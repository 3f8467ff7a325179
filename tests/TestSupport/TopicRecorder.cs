using System.Threading.Channels;
using MQTTnet;

namespace Hiroba.TestSupport;

/// <summary>
/// A plain MQTT subscriber on the real broker that keeps what arrives on one topic filter. It reconnects (and subscribes
/// again) when the broker goes away and comes back. With a persistent session the broker keeps its subscription and
/// queues its messages while it is away, even across a graceful broker restart when the broker persists its state.
/// </summary>
public sealed class TopicRecorder : IAsyncDisposable
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(100);
    private readonly Channel<ReceivedMessage> _messages = Channel.CreateUnbounded<ReceivedMessage>();
    private readonly CancellationTokenSource _closing = new();
    private readonly string _topicFilter;
    private IMqttClient? _client;

    private TopicRecorder(string topicFilter) => _topicFilter = topicFilter;

    public static async Task<TopicRecorder> StartAsync(MosquittoFixture broker, string topicFilter, bool persistentSession = false)
    {
        var recorder = new TopicRecorder(topicFilter);
        var client = await BrokerClient.ConnectAsync(
            broker,
            "recorder-" + Guid.NewGuid().ToString("N"),
            message =>
            {
                recorder._messages.Writer.TryWrite(message);
                return Task.CompletedTask;
            },
            cleanSession: !persistentSession);
        recorder._client = client;
        client.DisconnectedAsync += e => e.ClientWasConnected ? recorder.ReconnectAsync(client) : Task.CompletedTask;
        await client.SubscribeQos1Async(topicFilter);
        return recorder;
    }

    public async Task<ReceivedMessage> NextAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        return await _messages.Reader.ReadAsync(cancellation.Token);
    }

    public int CountSoFar => _messages.Reader.Count;

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        if (_client is not null)
        {
            await _client.CloseAsync();
        }

        _closing.Dispose();
    }

    private async Task ReconnectAsync(IMqttClient client)
    {
        while (!_closing.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ReconnectDelay, _closing.Token);
                var result = await client.ConnectAsync(client.Options, _closing.Token);
                if (result.ResultCode == MqttClientConnectResultCode.Success)
                {
                    await client.SubscribeQos1Async(_topicFilter);
                    return;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The broker is not back yet.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
