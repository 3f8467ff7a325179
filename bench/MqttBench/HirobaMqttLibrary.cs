using Hiroba.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiroba.MqttBench;

/// <summary>The project's own MQTT 3.1.1 client; it acknowledges a QoS 1 message after its handler returns.</summary>
internal sealed class HirobaMqttLibrary : IBenchClientLibrary
{
    public string Name => "Hiroba.Mqtt";

    public async Task<IBenchClient> ConnectAsync(BenchSettings settings, BenchMessageHandler? onMessage = null)
    {
        var client = new MqttClient(
            new MqttClientOptions
            {
                Host = settings.Host,
                Port = settings.Port,
                ClientId = $"bench-{Guid.NewGuid():N}",
                Username = settings.Username,
                Password = settings.Password,
                AckTimeout = TimeSpan.FromSeconds(60),
            },
            (message, _) =>
            {
                onMessage?.Invoke(message.Payload.Span);
                return Task.CompletedTask;
            },
            NullLogger<MqttClient>.Instance,
            TimeProvider.System);
        await client.ConnectAsync(CancellationToken.None);
        return new Client(client);
    }

    private sealed class Client(MqttClient client) : IBenchClient
    {
        public Task SubscribeAsync(string topic, int qos) => client.SubscribeAsync(topic, (MqttQos)qos, CancellationToken.None);

        public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos) => client.PublishAsync(topic, payload, (MqttQos)qos);

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }
}
