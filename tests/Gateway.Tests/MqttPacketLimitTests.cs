using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// The MQTT packets a page may send on <c>/mqtt</c>: the gateway holds at most one packet of the limit
/// (Gateway:Mqtt:MaxPacketBytes, 4 KiB) and ends a connection at the header of a larger one; pages only read, so a
/// PUBLISH ends it too, and nothing a page sends reaches the broker.
/// </summary>
public sealed class MqttPacketLimitTests(MosquittoFixture mosquitto) : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    private const string PublicTopic = "feed.post-published";
    private const int Limit = 4096;

    /// <summary>A SUBSCRIBE's bytes besides its filter: the fixed header with a two-byte remaining length, the packet id, the filter's length, the QoS.</summary>
    private const int SubscribeOverhead = (1 + 2) + 2 + 2 + 1;

    private MqttGateway _gateway = null!;

    private Uri Mqtt => _gateway.Mqtt;

    public async Task InitializeAsync()
    {
        _gateway = await MqttGateway.StartAsync(mosquitto);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task A_packet_above_the_limit_ends_the_connection()
    {
        await using var page = await RawMqttWebSocket.OpenAsync(Mqtt);
        Assert.Equal(0, await page.SendConnectAsync("page-over-the-limit"));

        Assert.Null(await page.SubscribeForAsync(new string('a', Limit - SubscribeOverhead + 1)));

        Assert.True(await page.IsClosedAsync());
        await AssertGatewayClosedAsync($"an MQTT packet of {Limit + 1} bytes, above the limit of {Limit}");
        await using var next = await RawMqttWebSocket.OpenAsync(Mqtt);
        Assert.Equal(0, await next.SendConnectAsync("page-after-the-limit"));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(1000)]
    public async Task Packets_up_to_the_limit_are_answered_in_any_framing(int frameBytes)
    {
        await using var page = await RawMqttWebSocket.OpenAsync(Mqtt);
        Assert.Equal(0, await page.SendConnectAsync("page-within-the-limit"));

        // A filter that matches no public topic is refused, as the broker's ACL would; the packet is the limit exactly.
        Assert.Equal(0x80, await page.SubscribeForAsync(new string('a', Limit - SubscribeOverhead), frameBytes));
        Assert.Equal(0, await page.SubscribeForAsync(PublicTopic, frameBytes));
    }

    [Fact]
    public async Task A_publish_from_a_page_ends_its_connection_and_reaches_no_one()
    {
        await using var reader = await RawMqttWebSocket.OpenAsync(Mqtt);
        Assert.Equal(0, await reader.SendConnectAsync("page-reading"));
        Assert.True(await reader.SubscribeAsync(PublicTopic));
        await using var page = await RawMqttWebSocket.OpenAsync(Mqtt);
        Assert.Equal(0, await page.SendConnectAsync("page-publishing"));

        Assert.False(await page.PublishAsync(PublicTopic, 100));

        await AssertGatewayClosedAsync("a PUBLISH (pages only read on /mqtt)");
        Assert.Equal([0xD0, 0], await reader.ExchangeAsync([0xC0, 0]));
    }

    [Fact]
    public async Task The_gateway_refuses_to_start_with_a_limit_that_is_no_number_of_bytes()
    {
        var settings = GatewayFactory.BaseSettings(_gateway.KeyRingPath);
        settings["Gateway:Mqtt:MaxPacketBytes"] = "4 KiB";

        var error = await Assert.ThrowsAsync<ChildProcessException>(() => ServiceProcess.StartAsync("Gateway", settings));

        Assert.Contains(error.RecentOutput, line => line.Contains("Gateway:Mqtt:MaxPacketBytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_credentialed_connect_is_refused_as_not_authorized()
    {
        var returnCode = await RawMqttWebSocket.ConnectAsync(Mqtt, "page-with-a-user", username: mosquitto.ServiceUsername, password: mosquitto.ServicePassword);

        Assert.Equal(RawMqttWebSocket.NotAuthorized, returnCode);
    }

    private Task AssertGatewayClosedAsync(string violation) => Eventually.TrueAsync(
        () => _gateway.Factory.Log.Entries.Any(entry => entry.Message.EndsWith($"it sent {violation}", StringComparison.Ordinal)),
        $"the gateway logs that it closed a connection that sent {violation}");
}
