using System.Buffers;
using Hiroba.EventBus.Mqtt;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Hiroba.TestSupport;

/// <summary>A message as a plain client received it; the payload is a copy of its own.</summary>
public sealed record ReceivedMessage(string Topic, ReadOnlyMemory<byte> Payload);

/// <summary>
/// A plain MQTTnet client on the broker's internal listener (MQTT 3.1.1, the services' credentials), for tests and
/// benchmarks that play another service or watch the broker beside the services.
/// </summary>
public static class BrokerClient
{
    public static async Task<IMqttClient> ConnectAsync(
        string host, int port, string username, string password, string clientId,
        Func<ReceivedMessage, Task>? onMessage = null, bool cleanSession = true)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        if (onMessage is not null)
        {
            client.ApplicationMessageReceivedAsync += e =>
                onMessage(new ReceivedMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
        }

        var result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(clientId)
            .WithCredentials(username, password)
            .WithCleanSession(cleanSession)
            .Build()
            .WithRoomySocketBuffers());
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            throw new InvalidOperationException($"The broker refused the connection: {result.ResultCode}.");
        }

        return client;
    }

    public static Task<IMqttClient> ConnectAsync(
        MosquittoFixture broker, string clientId, Func<ReceivedMessage, Task>? onMessage = null, bool cleanSession = true) =>
        ConnectAsync(broker.Host, broker.Port, broker.ServiceUsername, broker.ServicePassword, clientId, onMessage, cleanSession);

    /// <summary>Subscribes with QoS 1; fails when the broker refuses a topic.</summary>
    public static async Task SubscribeQos1Async(this IMqttClient client, params string[] topicFilters)
    {
        var options = new MqttClientSubscribeOptionsBuilder();
        foreach (var topicFilter in topicFilters)
        {
            options.WithTopicFilter(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        var result = await client.SubscribeAsync(options.Build());
        if (result.Items.FirstOrDefault(item => item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2) is { } refused)
        {
            throw new InvalidOperationException($"The broker refused the subscription to {refused.TopicFilter.Topic} ({refused.ResultCode}).");
        }
    }

    /// <summary>Publishes with QoS 1 and waits for the broker's PUBACK.</summary>
    public static Task PublishQos1Async(this IMqttClient client, string topic, byte[] payload, CancellationToken cancellationToken = default) =>
        client.PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            cancellationToken);

    /// <summary>Disconnects cleanly when still connected, then releases the client.</summary>
    public static async ValueTask CloseAsync(this IMqttClient client)
    {
        if (client.IsConnected)
        {
            await client.DisconnectAsync();
        }

        client.Dispose();
    }
}
