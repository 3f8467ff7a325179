using System.Buffers;
using Hiroba.EventBus.Mqtt;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Hiroba.MqttBench;

/// <summary>
/// MQTTnet, used as the event bus would use it: MQTT 3.1.1, its socket buffers, automatic acknowledgement off and the PUBACK sent after
/// the handler (<c>AcknowledgeAsync</c>).
/// </summary>
internal sealed class MqttNetLibrary : IBenchClientLibrary
{
    private readonly MqttClientFactory _factory = new();

    public string Name => "MQTTnet";

    public async Task<IBenchClient> ConnectAsync(BenchSettings settings, BenchMessageHandler? onMessage = null)
    {
        var client = _factory.CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            e.AutoAcknowledge = false;
            onMessage?.Invoke(e.ApplicationMessage.Payload.IsSingleSegment
                ? e.ApplicationMessage.Payload.FirstSpan
                : e.ApplicationMessage.Payload.ToArray());
            return e.AcknowledgeAsync(CancellationToken.None);
        };
        var options = _factory.CreateClientOptionsBuilder()
            .WithTcpServer(settings.Host, settings.Port)
            .WithCredentials(settings.Username, settings.Password)
            .WithClientId($"bench-{Guid.NewGuid():N}")
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithTimeout(TimeSpan.FromSeconds(60))
            .Build()
            .WithRoomySocketBuffers();

        await client.ConnectAsync(options);
        return new Client(client, _factory);
    }

    private sealed class Client(IMqttClient client, MqttClientFactory factory) : IBenchClient
    {
        public Task SubscribeAsync(string topic, int qos) =>
            client.SubscribeAsync(factory.CreateSubscribeOptionsBuilder().WithTopicFilter(topic, (MqttQualityOfServiceLevel)qos).Build());

        public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos) =>
            client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(new System.Buffers.ReadOnlySequence<byte>(payload))
                .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos)
                .Build());

        public async ValueTask DisposeAsync()
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync();
            }

            client.Dispose();
        }
    }
}
