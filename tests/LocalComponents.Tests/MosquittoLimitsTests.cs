using Hiroba.EventBus;
using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests;

/// <summary>What the broker refuses (issue 11, findings 3 and 12): credentials on the public listener, packets above its limits.</summary>
public class MosquittoLimitsTests(MosquittoFixture mosquitto) : IClassFixture<MosquittoFixture>
{
    private const string PublicTopic = "feed.post-published";
    private const int HugePublishBytes = 200 * 1024 * 1024;

    [Fact]
    public async Task The_public_listener_refuses_a_client_that_names_a_user_and_admits_anonymous_ones()
    {
        var anyUser = await RawMqttWebSocket.ConnectAsync(mosquitto.PublicListenerUri, "page-any-user", username: "someone", password: "any password");
        var servicesUser = await RawMqttWebSocket.ConnectAsync(
            mosquitto.PublicListenerUri, "page-services-user", username: mosquitto.ServiceUsername, password: mosquitto.ServicePassword);
        var anonymous = await RawMqttWebSocket.ConnectAsync(mosquitto.PublicListenerUri, "page-anonymous");

        Assert.Equal(RawMqttWebSocket.NotAuthorized, anyUser);
        Assert.Equal(RawMqttWebSocket.NotAuthorized, servicesUser);
        Assert.Equal(0, anonymous);
    }

    [Fact]
    public async Task A_huge_publish_on_the_public_listener_ends_the_connection_and_the_broker_stays_small()
    {
        await using var page = await RawMqttWebSocket.OpenAsync(mosquitto.PublicListenerUri);
        Assert.Equal(0, await page.SendConnectAsync("page-huge-publish"));

        var acknowledged = await page.PublishAsync(PublicTopic, HugePublishBytes);

        Assert.False(acknowledged);
        Assert.True(await page.IsClosedAsync());
        Assert.InRange(await mosquitto.PeakResidentBytesAsync(), 0, MosquittoServer.MemoryLimitBytes + 32 * 1024 * 1024);
        await using var next = await RawMqttWebSocket.OpenAsync(mosquitto.PublicListenerUri);
        Assert.Equal(0, await next.SendConnectAsync("page-after-huge-publish"));
        Assert.True(await next.PublishAsync(PublicTopic, 100));
    }

    [Fact]
    public async Task The_internal_listener_takes_the_largest_event_and_disconnects_a_client_that_sends_a_larger_packet()
    {
        var largestEvent = await ServicePublishAsync(new string('e', EventBusLimits.MaxEventBytes));
        var overSize = await ServicePublishAsync(new string('x', EventBusLimits.MaxPacketBytes));

        Assert.True(largestEvent.ExitCode == 0, largestEvent.OutputText);
        Assert.True(overSize.ExitCode != 0, overSize.OutputText);
        Assert.Contains("connection was lost", overSize.OutputText, StringComparison.OrdinalIgnoreCase);
    }

    private Task<CommandLineResult> ServicePublishAsync(string message) => mosquitto.PublishAsServiceAsync("tests.size", message);
}
