using Hiroba.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiroba.MqttBench;

/// <summary>A connected Hiroba.Mqtt client for the benchmark's broker.</summary>
internal static class BenchClient
{
    public static async Task<MqttClient> ConnectAsync(BenchSettings settings, MqttMessageHandler? onMessage = null)
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
            onMessage ?? ((_, _) => Task.CompletedTask),
            NullLogger<MqttClient>.Instance,
            TimeProvider.System);
        await client.ConnectAsync(CancellationToken.None);
        return client;
    }
}
