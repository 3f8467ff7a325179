using System.Net;
using Hiroba.Gateway.Proxy.MqttLimits;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// How many pages may hold a <c>/mqtt</c> connection at once: the gateway's cap, at its default, since mosquitto 2.0's
/// <c>max_connections</c> counts no websockets client. Past it the broker's internal listener still serves the services.
/// </summary>
public sealed class MqttConnectionLimitTests(MosquittoFixture mosquitto) : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    private const int Cap = MqttConnectionLimitOptions.DefaultMaxConnections;

    private readonly TemporaryDirectory _keyRing = new("keyring");
    private readonly List<RawMqttWebSocket> _pages = [];
    private GatewayFactory _gateway = null!;
    private Uri _mqtt = null!;

    public Task InitializeAsync()
    {
        var settings = GatewayFactory.BaseSettings(_keyRing.Path);
        settings[GatewayFactory.DestinationKey("mqtt")] = $"http://{mosquitto.Host}:{mosquitto.WebSocketPort}/";
        _gateway = new GatewayFactory(settings);
        // Starts the gateway here, once: the factory must not be started from many pages at a time.
        _mqtt = new UriBuilder(_gateway.RootUri) { Scheme = "ws", Path = "/mqtt" }.Uri;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.DisposeAsync();
        }
        await _gateway.DisposeAsync();
        _keyRing.Dispose();
    }

    [Fact]
    public async Task Pages_beyond_the_cap_are_refused_while_services_still_connect()
    {
        // Many at a time: each WebSocket handshake with mosquitto takes a while, and a page that sends no PINGREQ is
        // disconnected after one and a half keepalives.
        await Parallel.ForEachAsync(Enumerable.Range(0, Cap), new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (i, _) =>
        {
            var page = await RawMqttWebSocket.OpenAsync(_mqtt);
            lock (_pages)
            {
                _pages.Add(page);
            }
            Assert.Equal(0, await page.SendConnectAsync($"page-{i}"));
        });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await RawMqttWebSocket.RefusedStatusAsync(_mqtt));
        var published = await CommandLineTool.RunAsync("mosquitto_pub",
            ["-h", mosquitto.Host, "-p", $"{mosquitto.Port}", "-u", mosquitto.ServiceUsername, "-P", mosquitto.ServicePassword,
             "-t", "feed.post-published", "-m", "from-a-service", "-q", "1"], RawMqttWebSocket.Timeout);
        Assert.True(published.ExitCode == 0, published.OutputText);

        // A page that leaves frees its place once the gateway has closed its connection to the broker.
        await _pages[^1].DisposeAsync();
        _pages.RemoveAt(_pages.Count - 1);
        await Eventually.TrueAsync(async () => await RawMqttWebSocket.RefusedStatusAsync(_mqtt) is null, "a page gets the place that one left");
    }
}
