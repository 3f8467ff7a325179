using Hiroba.TestSupport;

namespace Hiroba.Mqtt.Tests.Support;

/// <summary>Clients of the real mosquitto started by <see cref="MosquittoFixture"/>, each with a unique client id.</summary>
internal static class BrokerClients
{
    public static MqttClientOptions Options(MosquittoFixture broker) => new()
    {
        Host = broker.Host,
        Port = broker.Port,
        ClientId = $"test-{Guid.NewGuid():N}",
        Username = broker.ServiceUsername,
        Password = broker.ServicePassword,
        AckTimeout = TimeSpan.FromSeconds(30),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
    };

    public static async Task<MqttClient> ConnectAsync(MosquittoFixture broker, MqttMessageHandler? onMessage = null, RecordingLogger<MqttClient>? logger = null)
    {
        var client = Create(Options(broker), onMessage, logger);
        await client.ConnectAsync(CancellationToken.None);
        return client;
    }

    public static MqttClient Create(MqttClientOptions options, MqttMessageHandler? onMessage = null, RecordingLogger<MqttClient>? logger = null) =>
        new(options, onMessage ?? ((_, _) => Task.CompletedTask), logger ?? new RecordingLogger<MqttClient>(), TimeProvider.System);

    /// <summary>A topic prefix no other test uses.</summary>
    public static string UniquePrefix() => $"t{Guid.NewGuid():N}";
}
