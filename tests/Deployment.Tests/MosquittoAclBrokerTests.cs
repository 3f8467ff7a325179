using Hiroba.Deployment.Tests.Broker;
using Hiroba.Deployment.Tests.Files;
using Hiroba.LocalComponents;
using Hiroba.Contracts;

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
    public async Task The_internal_listener_refuses_anonymous_clients_and_wrong_passwords()
    {
        var anonymous = await BrowserMqttClient.PublishAsync(Internal, PrivateTopic, "anonymous");
        var wrongPassword = await BrowserMqttClient.PublishAsync(Internal, PrivateTopic, "guess", Services with { Password = "wrong-password-0123456789" });

        Assert.Contains("refused", anonymous, StringComparison.Ordinal);
        Assert.Contains("refused", wrongPassword, StringComparison.Ordinal);
    }
}
