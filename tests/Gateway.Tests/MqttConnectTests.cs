using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// What a page may ask the broker for through <c>/mqtt</c>: an MQTT 3.1.1 connection with a clean session, so the broker
/// keeps nothing for it once it leaves. A persistent session (clean session 0, or MQTT 5 with a session expiry) would
/// have the broker queue public events for a page that never comes back, until its memory limit makes it drop clients,
/// services included.
/// </summary>
public sealed class MqttConnectTests(MosquittoFixture mosquitto) : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    /// <summary>CONNACK of MQTT 3.1.1: accepted, no session present.</summary>
    private static readonly byte[] AcceptedWithoutSession = [0x20, 2, 0, 0];

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
    public async Task An_MQTT_5_connect_is_refused_before_the_broker_answers_it()
    {
        await using var page = await RawMqttWebSocket.OpenAsync(Mqtt);

        // Even with a clean start: an MQTT 5 client may still ask for a session that outlives it (session expiry).
        Assert.Null(await page.ExchangeAsync(RawMqttWebSocket.Connect("page-mqtt5", protocolLevel: 5)));
        await AssertGatewayClosedAsync("a CONNECT for a protocol other than MQTT 3.1.1");
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
