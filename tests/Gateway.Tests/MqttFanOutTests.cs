using System.Net.WebSockets;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// The gateway reads the public topics once and serves every page on <c>/mqtt</c>: each event reaches every page that
/// subscribed to it, in the order published, and nothing else does. When its broker subscription drops, every page is
/// closed and new ones are refused until it is back, so that no page stays open while missing events.
/// </summary>
public sealed class MqttFanOutTests : IAsyncLifetime
{
    private const string PublicTopic = "feed.post-published";
    private const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;
    private const int ServerUnavailable = 3;

    private readonly MosquittoFixture _mosquitto = new();
    private MqttGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        await _mosquitto.StartAsync();
        _gateway = await MqttGateway.StartAsync(_mosquitto);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mosquitto.DisposeAsync();
    }

    [Fact]
    public async Task Every_page_receives_every_event_of_its_topics_in_order_and_nothing_else()
    {
        await using var exact = await OpenLivePageAsync("page-exact", PublicTopic);
        await using var wildcard = await OpenLivePageAsync("page-wildcard", "#");
        await using var other = await OpenLivePageAsync("page-deleted-only", "feed.post-deleted");

        await PublishAsync("rooms.room-opened", "not public");
        for (var i = 0; i < 20; i++)
        {
            await PublishAsync(PublicTopic, $"event {i}");
        }
        await PublishAsync("feed.post-deleted", "deleted");

        foreach (var page in new[] { exact, wildcard })
        {
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal($"event {i}", await page.ReceivePublishedAsync());
            }
        }
        Assert.Equal("deleted", await wildcard.ReceivePublishedAsync());
        Assert.Equal("deleted", await other.ReceivePublishedAsync());
        Assert.Equal([0xD0, 0], await exact.ExchangeAsync([0xC0, 0]));
    }

    [Fact]
    public async Task While_the_broker_is_down_pages_are_closed_and_refused_and_afterwards_they_connect_again_and_receive()
    {
        await using var page = await OpenLivePageAsync("page-before", PublicTopic);

        await _mosquitto.StopAsync();

        Assert.True(await page.IsClosedAsync());
        Assert.Equal(TryAgainLater, page.CloseStatus);
        Assert.Equal(ServerUnavailable, await RawMqttWebSocket.ConnectAsync(_gateway.Mqtt, "page-during"));

        await _mosquitto.StartAsync();
        await _gateway.WaitUntilLiveAsync();
        await using var after = await OpenLivePageAsync("page-after", PublicTopic);
        await PublishAsync(PublicTopic, "after the restart");
        Assert.Equal("after the restart", await after.ReceivePublishedAsync());
    }

    private Task<RawMqttWebSocket> OpenLivePageAsync(string clientId, string filter) => _gateway.OpenLivePageAsync(clientId, filter);

    private async Task PublishAsync(string topic, string message)
    {
        var published = await _mosquitto.PublishAsServiceAsync(topic, message);
        Assert.True(published.ExitCode == 0, published.OutputText);
    }
}
