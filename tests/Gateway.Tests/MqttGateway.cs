using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>A gateway that reads the public topics on mosquitto's public websockets listener and serves them on <c>/mqtt</c>, as in a deployment.</summary>
public sealed class MqttGateway : IAsyncDisposable
{
    private readonly TemporaryDirectory _keyRing = new("keyring");

    private MqttGateway(MosquittoFixture mosquitto, IReadOnlyDictionary<string, string?>? settings)
    {
        var all = GatewayFactory.BaseSettings(_keyRing.Path);
        all["Gateway:Mqtt:Broker"] = $"ws://{mosquitto.Host}:{mosquitto.WebSocketPort}/";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        Factory = new GatewayFactory(all);
    }

    public GatewayFactory Factory { get; }

    public string KeyRingPath => _keyRing.Path;

    /// <summary>The address pages use, e.g. <c>ws://127.0.0.1:40211/mqtt</c>.</summary>
    public Uri Mqtt => new UriBuilder(Factory.RootUri) { Scheme = "ws", Path = "/mqtt" }.Uri;

    /// <summary>Starts the gateway and returns once it has subscribed to the public topics (before, pages are refused).</summary>
    /// <param name="settings">More configuration keys, e.g. the limits.</param>
    public static async Task<MqttGateway> StartAsync(MosquittoFixture mosquitto, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(mosquitto);
        var gateway = new MqttGateway(mosquitto, settings);
        await gateway.WaitUntilLiveAsync();
        return gateway;
    }

    /// <summary>A page on <c>/mqtt</c>, connected and subscribed to <paramref name="filter"/>.</summary>
    public async Task<RawMqttWebSocket> OpenLivePageAsync(string clientId, string filter)
    {
        var page = await RawMqttWebSocket.OpenAsync(Mqtt);
        Assert.Equal(0, await page.SendConnectAsync(clientId));
        Assert.True(await page.SubscribeAsync(filter), $"{clientId} subscribed to {filter}");
        return page;
    }

    /// <summary>Waits until <c>/readyz</c> says the gateway reads the public topics.</summary>
    public async Task WaitUntilLiveAsync()
    {
        using var client = new HttpClient { BaseAddress = Factory.RootUri };
        await Eventually.TrueAsync(async () => await LiveEventsStatusAsync(client) == "Healthy", "the gateway subscribes to the public topics");
    }

    public static async Task<string?> LiveEventsStatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/readyz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("checks").GetProperty("live-events").GetProperty("status").GetString();
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        _keyRing.Dispose();
    }
}
