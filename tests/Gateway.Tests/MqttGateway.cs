using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>A gateway whose <c>/mqtt</c> route leads to mosquitto's public websockets listener, as in a deployment.</summary>
public sealed class MqttGateway : IAsyncDisposable
{
    private readonly TemporaryDirectory _keyRing = new("keyring");

    /// <param name="settings">More configuration keys, e.g. the route's limits.</param>
    public MqttGateway(MosquittoFixture mosquitto, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(mosquitto);
        var all = GatewayFactory.BaseSettings(_keyRing.Path);
        all[GatewayFactory.DestinationKey("mqtt")] = $"http://{mosquitto.Host}:{mosquitto.WebSocketPort}/";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        Factory = new GatewayFactory(all);
    }

    public GatewayFactory Factory { get; }

    public string KeyRingPath => _keyRing.Path;

    /// <summary>The route pages use, e.g. <c>ws://127.0.0.1:40211/mqtt</c>.</summary>
    public Uri Mqtt => new UriBuilder(Factory.RootUri) { Scheme = "ws", Path = "/mqtt" }.Uri;

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        _keyRing.Dispose();
    }
}
