using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// What a page may ask the gateway's <c>/mqtt</c> for: an MQTT 3.1.1 connection with a clean session and no credentials.
/// The gateway keeps nothing for a page once it leaves, and the broker never sees a page at all.
/// </summary>
public sealed class MqttConnectTests(MosquittoFixture mosquitto) : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    /// <summary>CONNACK of MQTT 3.1.1: accepted, no session present.</summary>
    private static readonly byte[] AcceptedWithoutSession = [0x20, 2, 0, 0];

    /// <summary>CONNACK of MQTT 3.1.1: refused, unacceptable protocol version.</summary>
    private static readonly byte[] UnacceptableProtocolVersion = [0x20, 2, 0, 1];

    /// <summary>CONNACK of MQTT 3.1.1: refused, identifier rejected (also mosquitto's answer to a keep-alive above its max_keepalive).</summary>
    private static readonly byte[] IdentifierRejected = [0x20, 2, 0, 2];

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
    public async Task A_page_connects_with_a_clean_MQTT_3_1_1_session()
    {
        await using var page = await RawMqttWebSocket.OpenAsync(Mqtt);

        Assert.Equal(AcceptedWithoutSession, await page.ExchangeAsync(RawMqttWebSocket.Connect("page-clean")));
    }

    [Fact]
    public async Task A_page_asking_for_a_persistent_session_is_disconnected_and_the_broker_keeps_no_session_for_it()
    {
        const string clientId = "page-persistent";
        await using (var page = await RawMqttWebSocket.OpenAsync(Mqtt))
        {
            Assert.Null(await page.ExchangeAsync(RawMqttWebSocket.Connect(clientId, cleanSession: false)));
        }

        // Had the broker read that CONNECT, it would hold the session and say so to the next client with that id.
        await using var sameId = await RawMqttWebSocket.OpenAsync(mosquitto.PublicListenerUri);
        Assert.Equal(AcceptedWithoutSession, await sameId.ExchangeAsync(RawMqttWebSocket.Connect(clientId, cleanSession: false)));
        await AssertGatewayClosedAsync("a CONNECT for a persistent session (clean session 0)");
    }

    [Fact]
    public async Task An_MQTT_5_connect_is_answered_with_an_unacceptable_protocol_version_and_closed()
    {
        await using var page = await RawMqttWebSocket.OpenAsync(Mqtt);

        Assert.Equal(UnacceptableProtocolVersion, await page.ExchangeAsync(RawMqttWebSocket.Connect("page-mqtt5", protocolLevel: 5)));
        Assert.True(await page.IsClosedAsync());
        await AssertGatewayClosedAsync("a CONNECT for a protocol other than MQTT 3.1.1");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(301)]
    public async Task A_keep_alive_of_none_or_above_five_minutes_is_refused(int keepAliveSeconds)
    {
        await using var page = await RawMqttWebSocket.OpenAsync(Mqtt);

        Assert.Equal(IdentifierRejected, await page.ExchangeAsync(RawMqttWebSocket.Connect("page-keep-alive", keepAliveSeconds: (ushort)keepAliveSeconds)));
        Assert.True(await page.IsClosedAsync());
    }

    [Fact]
    public async Task A_page_silent_beyond_one_and_a_half_keep_alives_is_closed_and_one_that_pings_stays()
    {
        await using var silent = await RawMqttWebSocket.OpenAsync(Mqtt);
        await using var pinging = await RawMqttWebSocket.OpenAsync(Mqtt);
        Assert.Equal(AcceptedWithoutSession, await silent.ExchangeAsync(RawMqttWebSocket.Connect("page-silent", keepAliveSeconds: 1)));
        Assert.Equal(AcceptedWithoutSession, await pinging.ExchangeAsync(RawMqttWebSocket.Connect("page-pinging", keepAliveSeconds: 1)));

        for (var ping = 0; ping < 4; ping++)
        {
            await Task.Delay(TimeSpan.FromSeconds(0.7));
            Assert.Equal([0xD0, 0], await pinging.ExchangeAsync([0xC0, 0]));
        }

        Assert.True(await silent.IsClosedAsync());
    }

    [Fact]
    public async Task A_first_packet_that_is_not_a_connect_ends_the_connection_at_the_gateway()
    {
        await using var page = await RawMqttWebSocket.OpenAsync(Mqtt);

        // A PINGREQ: the broker would refuse it too, but the gateway must see a CONNECT first to judge it.
        Assert.Null(await page.ExchangeAsync([0xC0, 0x00]));
        await AssertGatewayClosedAsync("a first MQTT packet that is not a CONNECT");
    }

    private Task AssertGatewayClosedAsync(string violation) => Eventually.TrueAsync(
        () => _gateway.Factory.Log.Entries.Any(entry => entry.Message.EndsWith($"it sent {violation}", StringComparison.Ordinal)),
        $"the gateway logs that it closed a connection that sent {violation}");
}
