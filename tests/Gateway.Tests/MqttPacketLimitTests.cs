using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// The MQTT packets a page may send through <c>/mqtt</c> (issue 11, finding 3): mosquitto 2.0 reads a packet of any
/// size on its websockets listener, so the gateway ends a connection at the header of one above the route's limit.
/// </summary>
public sealed class MqttPacketLimitTests(MosquittoFixture mosquitto) : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    private const string PublicTopic = "feed.post-published";
    private const int RouteLimit = 4096;

    private MqttGateway _gateway = null!;

    private Uri Mqtt => _gateway.Mqtt;

    public Task InitializeAsync()
    {
        _gateway = new MqttGateway(mosquitto);
        return Task.CompletedTask;
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

        // Far below what the broker itself would refuse (its memory limit), so only the gateway can end this one.
        var acknowledged = await page.PublishAsync(PublicTopic, 1024 * 1024);

        Assert.False(acknowledged);
        Assert.True(await page.IsClosedAsync());
        await using var next = await RawMqttWebSocket.OpenAsync(Mqtt);
        Assert.Equal(0, await next.SendConnectAsync("page-after-the-limit"));
    }

    [Fact]
    public async Task Packets_up_to_the_limit_pass_in_any_framing()
    {
        await using var page = await RawMqttWebSocket.OpenAsync(Mqtt);
        Assert.Equal(0, await page.SendConnectAsync("page-within-the-limit"));

        // Headers and payloads in separate WebSocket frames; the broker acknowledges (and drops) the page's publishes.
        Assert.True(await page.PublishAsync(PublicTopic, 100));
        // The fixed header with a two-byte remaining length, the topic, the packet id: the packet is the limit exactly.
        Assert.True(await page.PublishAsync(PublicTopic, RouteLimit - (1 + 2) - (2 + PublicTopic.Length) - 2));
    }

    [Fact]
    public async Task The_gateway_refuses_to_start_with_a_limit_that_is_no_number_of_bytes()
    {
        var settings = GatewayFactory.BaseSettings(_gateway.KeyRingPath);
        settings["ReverseProxy:Routes:mqtt-ws:Metadata:MaxMqttPacketBytes"] = "4 KiB";

        var error = await Assert.ThrowsAsync<ChildProcessException>(() => ServiceProcess.StartAsync("Gateway", settings));

        Assert.Contains(error.RecentOutput, line => line.Contains("MaxMqttPacketBytes must be a number of bytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_credentialed_connect_through_mqtt_is_refused_by_the_broker()
    {
        var returnCode = await RawMqttWebSocket.ConnectAsync(Mqtt, "page-with-a-user", username: mosquitto.ServiceUsername, password: mosquitto.ServicePassword);

        Assert.Equal(RawMqttWebSocket.NotAuthorized, returnCode);
    }
}
