using System.Net;
using Hiroba.Gateway.Proxy.MqttLimits;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// How many pages may hold a <c>/mqtt</c> connection at once (the gateway's cap, here set small; 1,000 by default), since
/// mosquitto 2.0's <c>max_connections</c> counts no websockets client. Past it the broker's internal listener still
/// serves the services.
/// </summary>
public sealed class MqttConnectionLimitTests(MosquittoFixture mosquitto) : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    private const int Cap = 3;

    private readonly TemporaryDirectory _keyRing = new("keyring");
    private readonly List<RawMqttWebSocket> _pages = [];
    private GatewayFactory _gateway = null!;

    private Uri Mqtt => new UriBuilder(_gateway.RootUri) { Scheme = "ws", Path = "/mqtt" }.Uri;

    public Task InitializeAsync()
    {
        var settings = GatewayFactory.BaseSettings(_keyRing.Path);
        settings[GatewayFactory.DestinationKey("mqtt")] = $"http://{mosquitto.Host}:{mosquitto.WebSocketPort}/";
        settings[$"{MqttConnectionLimitOptions.SectionName}:{nameof(MqttConnectionLimitOptions.MaxConnections)}"] = $"{Cap}";
        _gateway = new GatewayFactory(settings);
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
        await FillTheCapAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await RawMqttWebSocket.RefusedStatusAsync(Mqtt));
        var published = await CommandLineTool.RunAsync("mosquitto_pub",
            ["-h", mosquitto.Host, "-p", $"{mosquitto.Port}", "-u", mosquitto.ServiceUsername, "-P", mosquitto.ServicePassword,
             "-t", "feed.post-published", "-m", "from-a-service", "-q", "1"], RawMqttWebSocket.Timeout);
        Assert.True(published.ExitCode == 0, published.OutputText);

        // A page that leaves frees its place once the gateway has closed its connection to the broker.
        await _pages[^1].DisposeAsync();
        _pages.RemoveAt(_pages.Count - 1);
        await Eventually.TrueAsync(async () => await RawMqttWebSocket.RefusedStatusAsync(Mqtt) is null, "a page gets the place that one left");
    }

    [Fact]
    public async Task A_refused_page_gets_problem_details_and_when_to_try_again()
    {
        await FillTheCapAsync();
        using var http = new HttpClient { Timeout = RawMqttWebSocket.Timeout };
        using var upgrade = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(Mqtt) { Scheme = "http" }.Uri)
        {
            Headers =
            {
                { "Connection", "Upgrade" }, { "Upgrade", "websocket" }, { "Sec-WebSocket-Version", "13" },
                { "Sec-WebSocket-Key", Convert.ToBase64String(new byte[16]) }, { "Sec-WebSocket-Protocol", "mqtt" },
            },
        };

        using var refused = await http.SendAsync(upgrade);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
    }

    private async Task FillTheCapAsync()
    {
        for (var i = 0; i < Cap; i++)
        {
            var page = await RawMqttWebSocket.OpenAsync(Mqtt);
            _pages.Add(page);
            Assert.Equal(0, await page.SendConnectAsync($"page-{i}"));
        }
    }
}
