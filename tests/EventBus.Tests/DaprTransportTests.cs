using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;

namespace Hiroba.EventBus.Tests;

public sealed class DaprTransportTests : IAsyncLifetime
{
    private const string AppApiToken = "app-token-for-this-test";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private DaprSidecarStandIn _sidecar = null!;
    private TestApp _app = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _sidecar = await DaprSidecarStandIn.StartAsync();
        _app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["EventBus:Transport"] = "Dapr",
            ["EventBus:AppId"] = "orders",
            ["EventBus:Dapr:HttpEndpoint"] = _sidecar.HttpEndpoint.ToString(),
            ["EventBus:Dapr:AppApiToken"] = AppApiToken,
            ["EventBus:FirstRetryDelay"] = "00:00:00.010",
        });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _sidecar.DisposeAsync();
    }

    [Fact]
    public async Task Subscribe_endpoint_lists_every_topic_with_its_route_and_dead_letter_topic()
    {
        var subscriptions = await _http.GetFromJsonAsync<JsonElement>(new Uri(_app.BaseAddress, "/dapr/subscribe"));

        var byTopic = subscriptions.EnumerateArray().ToDictionary(s => s.GetProperty("topic").GetString()!);
        Assert.Equal(["test.thing-broke", "test.thing-happened"], byTopic.Keys.Order());
        var happened = byTopic["test.thing-happened"];
        Assert.Equal("pubsub", happened.GetProperty("pubsubname").GetString());
        Assert.Equal("/dapr/events/test.thing-happened", happened.GetProperty("routes").GetProperty("default").GetString());
        Assert.Equal("test.thing-happened.dead-letter", happened.GetProperty("deadLetterTopic").GetString());
    }

    [Fact]
    public async Task Publish_posts_our_cloud_event_to_the_sidecar_publish_api()
    {
        var published = new ThingHappened("kettle", 3);

        await _app.Bus.PublishAsync(published, CancellationToken.None);

        var message = Assert.Single(_sidecar.Published);
        Assert.Equal(("pubsub", "test.thing-happened", "application/cloudevents+json"), (message.PubSubName, message.Topic, message.ContentType));
        using var envelope = JsonDocument.Parse(message.BrokerBytes);
        var root = envelope.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal(published.Id.ToString(), root.GetProperty("id").GetString());
        Assert.Equal("orders", root.GetProperty("source").GetString());
        Assert.Equal("com.hiroba.test.thing-happened", root.GetProperty("type").GetString());
        Assert.Equal(published.OccurredAt, root.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("application/json", root.GetProperty("datacontenttype").GetString());
        Assert.Equal("kettle", root.GetProperty("data").GetProperty("name").GetString());
        Assert.Equal(3, root.GetProperty("data").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task An_event_above_the_size_limit_is_refused_before_it_reaches_the_sidecar()
    {
        var tooLarge = new ThingHappened(new string('x', EventBusLimits.MaxEventBytes), 1);

        var error = await Assert.ThrowsAsync<EventBusPublishException>(() => _app.Bus.PublishAsync(tooLarge, CancellationToken.None));

        Assert.Contains($"above the limit of {EventBusLimits.MaxEventBytes} bytes", error.Message, StringComparison.Ordinal);
        Assert.Empty(_sidecar.Published);
    }

    [Fact]
    public async Task Publish_refused_by_the_sidecar_throws_with_its_error()
    {
        _sidecar.FailPublishWith = 500;

        var error = await Assert.ThrowsAsync<EventBusPublishException>(() => _app.Bus.PublishAsync(new ThingHappened("x", 1), CancellationToken.None));

        Assert.Equal("test.thing-happened", error.Topic);
        Assert.Contains("ERR_PUBSUB_PUBLISH_MESSAGE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delivered_event_reaches_its_handler_and_is_answered_success()
    {
        var sent = new ThingHappened("lamp", 7);
        await _app.Bus.PublishAsync(sent, CancellationToken.None);
        var onBroker = Assert.Single(_sidecar.Published).BrokerBytes;

        var status = await _sidecar.DeliverAsync(_app.BaseAddress, "/dapr/events/test.thing-happened", onBroker, apiToken: AppApiToken);

        Assert.Equal("SUCCESS", status);
        var received = await _app.Handled.NextAsync<ThingHappened>(Wait);
        Assert.Equal(sent, received);
    }

    [Fact]
    public async Task Redelivered_event_id_runs_the_handler_once()
    {
        var body = CloudEventSerializer.Serialize(new ThingHappened("once", 1), "orders", "pubsub");

        var first = await _sidecar.DeliverAsync(_app.BaseAddress, "/dapr/events/test.thing-happened", body, apiToken: AppApiToken);
        var second = await _sidecar.DeliverAsync(_app.BaseAddress, "/dapr/events/test.thing-happened", body, apiToken: AppApiToken);

        Assert.Equal(("SUCCESS", "SUCCESS"), (first, second));
        await _app.Handled.NextAsync<ThingHappened>(Wait);
        Assert.Equal(0, _app.Handled.CountSoFar);
    }

    [Fact]
    public async Task Failing_handler_is_retried_a_bounded_number_of_times_then_dropped_to_the_dead_letter_topic()
    {
        var body = CloudEventSerializer.Serialize(new ThingBroke("boiler"), "orders", "pubsub");

        var status = await _sidecar.DeliverAsync(_app.BaseAddress, "/dapr/events/test.thing-broke", body, apiToken: AppApiToken);

        Assert.Equal("DROP", status);
        Assert.Equal(3, _app.Handled.BrokenAttempts);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("null")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"not-a-uuid\",\"source\":\"x\",\"type\":\"t\",\"data\":{}}")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"0190a0a0-0000-7000-8000-000000000000\",\"source\":\"x\",\"type\":\"t\",\"data\":{\"name\":42}}")]
    public async Task Unreadable_message_is_dropped_without_running_the_handler(string body)
    {
        var status = await _sidecar.DeliverAsync(_app.BaseAddress, "/dapr/events/test.thing-happened", Encoding.UTF8.GetBytes(body), apiToken: AppApiToken);

        Assert.Equal("DROP", status);
        Assert.Equal(0, _app.Handled.CountSoFar);
    }

    [Fact]
    public async Task Delivery_without_the_app_api_token_is_refused()
    {
        var body = CloudEventSerializer.Serialize(new ThingHappened("intruder", 1), "orders", "pubsub");

        var status = await _sidecar.DeliverAsync(_app.BaseAddress, "/dapr/events/test.thing-happened", body, apiToken: "wrong");

        Assert.Equal($"HTTP {(int)HttpStatusCode.Unauthorized}", status);
        Assert.Equal(0, _app.Handled.CountSoFar);
    }

    [Fact]
    public async Task Readiness_follows_the_sidecar()
    {
        Assert.True(await _app.IsReadyAsync());

        await _sidecar.DisposeAsync();

        Assert.False(await _app.IsReadyAsync());
    }
}
