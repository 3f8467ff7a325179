using Hiroba.Deployment.Tests.Broker;
using Hiroba.Deployment.Tests.Files;
using Hiroba.LocalComponents;
using Hiroba.Contracts;
using Hiroba.EventBus;
using Hiroba.TestSupport;

namespace Hiroba.Deployment.Tests;

/// <summary>The committed broker files in a real mosquitto, driven by mqtt.js as pages and services use it.</summary>
public sealed class MosquittoAclBrokerTests(ComposeBrokerFixture fixture) : IClassFixture<ComposeBrokerFixture>
{
    private const string PrivateTopic = "rooms.room-opened";
    private static readonly MosquittoConfig Config = MosquittoConfig.Load();

    private Uri Public => new($"ws://127.0.0.1:{fixture.Broker.LocalPort(Config.Listener("websockets").Port)}/mqtt");

    private Uri Internal => new($"mqtt://127.0.0.1:{fixture.Broker.LocalPort(Config.Listener("mqtt").Port)}");

    private MqttUser Services => new(MosquittoAcl.Load().Users.Single(), fixture.ServicesPassword);

    [Theory]
    [InlineData("feed.post-published")]
    [InlineData(PrivateTopic)]
    [InlineData("feed.post-published.dead-letter")]
    public async Task A_browser_publish_on_the_public_listener_reaches_no_one(string topic)
    {
        await using var service = await BrowserMqttClient.SubscribeAsync(Internal, topic, Services);

        // mosquitto acknowledges a refused QoS 1 publish of an MQTT 3.1.1 client and drops it; it handles the
        // acknowledged publish before the services' marker below, so the marker must arrive first.
        Assert.Contains("published", await BrowserMqttClient.PublishAsync(Public, topic, "from-a-browser"), StringComparison.Ordinal);
        Assert.Contains("published", await BrowserMqttClient.PublishAsync(Internal, topic, "marker", Services), StringComparison.Ordinal);

        Assert.Equal($"{topic} marker", await service.NextMessageAsync());
    }

    [Fact]
    public async Task A_browser_reads_the_public_topics_and_no_other()
    {
        await using var browser = await BrowserMqttClient.SubscribeAsync(Public, "#");

        // Camera status is for signed-in users only, and the public listener has no sign-in.
        foreach (var topic in new[] { PrivateTopic, "feed.post-published.dead-letter", "cameras.camera-status-changed" }.Concat(PublicTopics.All))
        {
            Assert.Contains("published", await BrowserMqttClient.PublishAsync(Internal, topic, "event", Services), StringComparison.Ordinal);
        }

        List<string> received = [];
        foreach (var _ in PublicTopics.All)
        {
            received.Add(await browser.NextMessageAsync());
        }
        Assert.Equal(PublicTopics.All.Select(topic => $"{topic} event"), received);
    }

    [Fact]
    public async Task The_public_listener_refuses_the_services_user_even_with_its_password()
    {
        var output = await BrowserMqttClient.PublishAsync(Public, PrivateTopic, "as-a-service", Services);

        Assert.Contains("refused", output, StringComparison.Ordinal);
        Assert.Contains("Not authorized", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_listener_refuses_any_user_name_and_password()
    {
        var output = await BrowserMqttClient.PublishAsync(Public, "feed.post-published", "as-someone", new MqttUser("someone", "any password"));

        Assert.Contains("Not authorized", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_publish_on_the_public_listener_ends_the_connection_and_the_broker_stays_small()
    {
        await using var page = await RawMqttWebSocket.OpenAsync(Public);
        Assert.Equal(0, await page.SendConnectAsync("page-huge-publish"));

        var acknowledged = await page.PublishAsync("feed.post-published", 200 * 1024 * 1024);

        Assert.False(acknowledged);
        Assert.InRange(ProcReadings.PeakResidentBytes(fixture.Broker.Process!.Id), 0, MosquittoServer.MemoryLimitBytes + 32 * 1024 * 1024);
    }

    [Fact]
    public async Task The_internal_listener_disconnects_a_client_that_sends_a_packet_above_the_limit()
    {
        var largestEvent = await ServicePublishAsync(new string('e', EventBusLimits.MaxEventBytes));
        var overSize = await ServicePublishAsync(new string('x', EventBusLimits.MaxPacketBytes));

        Assert.True(largestEvent.ExitCode == 0, largestEvent.OutputText);
        Assert.True(overSize.ExitCode != 0, overSize.OutputText);
    }

    private Task<CommandLineResult> ServicePublishAsync(string message) =>
        CommandLineTool.RunAsync("mosquitto_pub",
            ["-h", "127.0.0.1", "-p", $"{Internal.Port}", "-u", Services.Username, "-P", Services.Password,
             "-t", "tests.size", "-m", message, "-q", "1"], BrowserMqttClient.Timeout);

    [Fact]
    public async Task The_internal_listener_refuses_anonymous_clients_and_wrong_passwords()
    {
        var anonymous = await BrowserMqttClient.PublishAsync(Internal, PrivateTopic, "anonymous");
        var wrongPassword = await BrowserMqttClient.PublishAsync(Internal, PrivateTopic, "guess", Services with { Password = "wrong-password-0123456789" });

        Assert.Contains("refused", anonymous, StringComparison.Ordinal);
        Assert.Contains("refused", wrongPassword, StringComparison.Ordinal);
    }
}
