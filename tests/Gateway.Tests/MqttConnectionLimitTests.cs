using System.Net;
using System.Net.WebSockets;
using Hiroba.Gateway.LiveEvents;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// How many pages may hold a <c>/mqtt</c> connection at once (the gateway's cap, here set small; 1,000 by default). Past
/// it the broker still serves the services and the pages that have a place. At the cap the places are shared fairly
/// between client addresses: a page from an address that holds fewer takes the place of the oldest connection of the
/// address that holds the most.
/// </summary>
public sealed class MqttConnectionLimitTests(MosquittoFixture mosquitto) : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    private const int Cap = 3;
    private const string PublicTopic = "feed.post-published";
    private const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    // The gateway listens on 127.0.0.1; these reach it from elsewhere in 127.0.0.0/8, as other clients would.
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Third = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress Fourth = IPAddress.Parse("127.0.0.4");

    private readonly List<RawMqttWebSocket> _pages = [];
    private MqttGateway _gateway = null!;

    private Uri Mqtt => _gateway.Mqtt;

    public async Task InitializeAsync()
    {
        _gateway = await MqttGateway.StartAsync(mosquitto, new Dictionary<string, string?>
        {
            [$"{LiveEventsOptions.SectionName}:{nameof(LiveEventsOptions.MaxConnections)}"] = $"{Cap}",
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.DisposeAsync();
        }
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Pages_beyond_the_cap_are_refused_while_services_still_connect()
    {
        await FillTheCapAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await RawMqttWebSocket.RefusedStatusAsync(Mqtt));
        await PublishAsync("from-a-service");

        // A page that leaves frees its place once the gateway has seen it go.
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

    [Fact]
    public async Task A_page_from_another_address_takes_the_place_of_the_oldest_connection_of_the_address_that_filled_the_cap()
    {
        await FillTheCapAsync(clientIdPrefix: "hog");

        var newcomer = await OpenLivePageAsync("newcomer", Second);

        Assert.True(await _pages[0].IsClosedAsync(), "the oldest connection of the address that filled the cap is closed");
        Assert.Equal(TryAgainLater, _pages[0].CloseStatus);
        // The broker holds one connection from the gateway, whatever the number of pages.
        Assert.Equal(1, mosquitto.PublicListenerConnections);
        await PublishAsync("after-the-newcomer");
        foreach (var page in new[] { newcomer, _pages[1], _pages[2] })
        {
            Assert.Equal("after-the-newcomer", await page.ReceivePublishedAsync());
        }
    }

    [Fact]
    public async Task At_the_cap_a_page_is_refused_when_its_address_would_then_hold_as_many_as_the_address_that_holds_the_most()
    {
        await FillTheCapAsync(clientIdPrefix: "first");
        var second = await OpenLivePageAsync("second", Second);

        // 2 and 1: one more from either address would hold as many as the other, or more.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await RawMqttWebSocket.RefusedStatusAsync(Mqtt, Second));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await RawMqttWebSocket.RefusedStatusAsync(Mqtt));

        // A third address evens the shares out (1, 1, 1); then every address holds its share, old or new.
        var third = await OpenLivePageAsync("third", Third);
        foreach (var address in new[] { IPAddress.Loopback, Second, Third, Fourth })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await RawMqttWebSocket.RefusedStatusAsync(Mqtt, address));
        }

        Assert.True(await _pages[0].IsClosedAsync() && await _pages[1].IsClosedAsync(), "the first address's two oldest connections are closed");
        await PublishAsync("after-the-refusals");
        foreach (var page in new[] { _pages[2], second, third })
        {
            Assert.Equal("after-the-refusals", await page.ReceivePublishedAsync());
        }
    }

    private async Task FillTheCapAsync(string clientIdPrefix = "page")
    {
        for (var i = 0; i < Cap; i++)
        {
            await OpenLivePageAsync($"{clientIdPrefix}-{i}");
        }
    }

    /// <summary>A page connected and subscribed to the public topic, as the feed page is.</summary>
    private async Task<RawMqttWebSocket> OpenLivePageAsync(string clientId, IPAddress? from = null)
    {
        var page = await RawMqttWebSocket.OpenAsync(Mqtt, from);
        _pages.Add(page);
        Assert.Equal(0, await page.SendConnectAsync(clientId));
        Assert.True(await page.SubscribeAsync(PublicTopic), $"{clientId} subscribed");
        return page;
    }

    private async Task PublishAsync(string message)
    {
        var published = await mosquitto.PublishAsServiceAsync(PublicTopic, message);
        Assert.True(published.ExitCode == 0, published.OutputText);
    }
}
