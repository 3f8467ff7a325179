using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.TestSupport;

namespace Hiroba.EventBus.Tests;

public sealed class DaprTransportTests(MosquittoFixture broker) : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private DaprService _orders = null!;
    private readonly HttpClient _http = new();

    private TestApp App => _orders.App;

    private DaprSidecarStandIn Sidecar => _orders.Sidecar;

    public async Task InitializeAsync() => _orders = await DaprService.StartAsync(broker, "orders");

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _orders.DisposeAsync();
    }

    [Fact]
    public async Task Subscribe_endpoint_lists_every_topic_with_its_route_and_dead_letter_topic()
    {
        var subscriptions = await _http.GetFromJsonAsync<JsonElement>(new Uri(App.BaseAddress, "/dapr/subscribe"));

        var byTopic = subscriptions.EnumerateArray().ToDictionary(s => s.GetProperty("topic").GetString()!);
        // A sidecar's session starts clean, so the inbox is new at every start: a Version 7 UUID.
        Assert.Matches("^[0-9a-f]{12}7[0-9a-f]{19}$", App.Inbox);
        Assert.Equal(["test.thing-addressed." + App.Inbox, "test.thing-broke", "test.thing-happened"], byTopic.Keys.Order());
        var happened = byTopic["test.thing-happened"];
        Assert.Equal("pubsub", happened.GetProperty("pubsubName").GetString());
        Assert.Equal("dapr/events/test.thing-happened", happened.GetProperty("route").GetString());
        Assert.Equal("test.thing-happened.dead-letter", happened.GetProperty("deadLetterTopic").GetString());
    }

    [Fact]
    public async Task Publish_hands_our_cloud_event_unchanged_to_the_sidecar_grpc_api()
    {
        var published = new ThingHappened("kettle", 3);

        await App.Bus.PublishAsync(published, CancellationToken.None);

        var message = Assert.Single(Sidecar.Published);
        Assert.Equal(("pubsub", "test.thing-happened", "application/cloudevents+json"), (message.PubSubName, message.Topic, message.ContentType));
        Assert.Equal(CloudEventSerializer.Serialize(published, "orders", "pubsub"), message.Data);
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
    public async Task One_service_publishes_and_another_services_handler_runs()
    {
        await using var shipping = await DaprService.StartAsync(broker, "shipping");
        var sent = new ThingHappened("lamp", 7);

        await App.Bus.PublishAsync(sent, CancellationToken.None);

        Assert.Equal(sent, await shipping.App.Handled.NextAsync<ThingHappened>(Wait));
        var delivery = await shipping.Sidecar.NextDeliveryAsync(Wait);
        Assert.Equal(("test.thing-happened", "SUCCESS"), (delivery.Topic, delivery.Status));
    }

    [Fact]
    public async Task An_event_above_the_size_limit_is_refused_before_it_reaches_the_sidecar()
    {
        var tooLarge = new ThingHappened(new string('x', EventBusLimits.MaxEventBytes), 1);

        var error = await Assert.ThrowsAsync<EventBusPublishException>(() => App.Bus.PublishAsync(tooLarge, CancellationToken.None));

        Assert.Contains($"above the limit of {EventBusLimits.MaxEventBytes} bytes", error.Message, StringComparison.Ordinal);
        Assert.Empty(Sidecar.Published);
    }

    [Fact]
    public async Task Publish_refused_by_the_sidecar_throws_with_its_error()
    {
        await using var stray = await DaprService.StartAsync(broker, "stray", settings: new Dictionary<string, string?> { ["EventBus:PubSubName"] = "no-such-pubsub" });

        var error = await Assert.ThrowsAsync<EventBusPublishException>(() => stray.App.Bus.PublishAsync(new ThingHappened("x", 1), CancellationToken.None));

        Assert.Equal("test.thing-happened", error.Topic);
        Assert.Contains("InvalidArgument: pubsub no-such-pubsub is not found", error.Message, StringComparison.Ordinal);
        Assert.Empty(stray.Sidecar.Published);
    }

    [Theory]
    [InlineData(null, "missing api token in request metadata")]
    [InlineData("not-the-sidecars-token", "authentication error: api token mismatch")]
    public async Task Publish_without_the_sidecars_api_token_is_refused(string? apiToken, string refusal)
    {
        await using var intruder = await DaprService.StartAsync(broker, "intruder", settings: new Dictionary<string, string?> { ["DAPR_API_TOKEN"] = apiToken ?? "" });

        var error = await Assert.ThrowsAsync<EventBusPublishException>(() => intruder.App.Bus.PublishAsync(new ThingHappened("x", 1), CancellationToken.None));

        Assert.Contains($"Unauthenticated: {refusal}", error.Message, StringComparison.Ordinal);
        Assert.Empty(intruder.Sidecar.Published);
    }

    [Fact]
    public async Task Redelivered_event_id_runs_the_handler_once()
    {
        var body = CloudEventSerializer.Serialize(new ThingHappened("once", 1), "orders", "pubsub");

        var first = await Sidecar.DeliverAsync("test.thing-happened", body);
        var second = await Sidecar.DeliverAsync("test.thing-happened", body);

        Assert.Equal(("SUCCESS", "SUCCESS"), (first, second));
        await App.Handled.NextAsync<ThingHappened>(Wait);
        Assert.Equal(0, App.Handled.CountSoFar);
    }

    [Fact]
    public async Task Failing_handler_is_retried_a_bounded_number_of_times_then_dropped_to_the_dead_letter_topic()
    {
        await using var deadLetters = await TopicRecorder.StartAsync(broker, "test.thing-broke.dead-letter");
        var broken = new ThingBroke("boiler");

        await App.Bus.PublishAsync(broken, CancellationToken.None);

        var delivery = await Sidecar.NextDeliveryAsync(Wait);
        Assert.Equal(("test.thing-broke", "DROP"), (delivery.Topic, delivery.Status));
        using var deadLetter = JsonDocument.Parse((await deadLetters.NextAsync(Wait)).Payload);
        Assert.Equal(broken.Id.ToString(), deadLetter.RootElement.GetProperty("id").GetString());
        Assert.Equal(3, App.Handled.BrokenAttempts);
    }

    [Fact]
    public async Task A_handler_interrupted_by_shutdown_answers_retry_and_the_sidecar_delivers_again_to_the_restarted_service()
    {
        await using var shipping = await DaprService.StartAsync(broker, "shipping", bus => bus.AddSubscription<ThingHappened, StallingThingHappenedHandler>());
        var sent = new ThingHappened("parcel", 4);
        await App.Bus.PublishAsync(sent, CancellationToken.None);
        await shipping.App.Handled.Stalled.WaitAsync(Wait);

        await shipping.RestartAppAsync(bus => bus.AddSubscription<ThingHappened, ThingHappenedHandler>());

        Assert.Equal("RETRY", (await shipping.Sidecar.NextDeliveryAsync(Wait)).Status);
        Assert.Equal(sent, await shipping.App.Handled.NextAsync<ThingHappened>(Wait));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("null")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"not-a-uuid\",\"source\":\"x\",\"type\":\"t\",\"data\":{}}")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"0190a0a0-0000-7000-8000-000000000000\",\"source\":\"x\",\"type\":\"t\",\"data\":{\"name\":42}}")]
    public async Task Unreadable_message_is_dropped_without_running_the_handler(string body)
    {
        var status = await Sidecar.DeliverAsync("test.thing-happened", Encoding.UTF8.GetBytes(body));

        Assert.Equal("DROP", status);
        Assert.Equal(0, App.Handled.CountSoFar);
    }

    [Fact]
    public async Task Delivery_with_a_wrong_app_api_token_is_refused()
    {
        var body = CloudEventSerializer.Serialize(new ThingHappened("intruder", 1), "orders", "pubsub");

        var status = await Sidecar.DeliverAsync("test.thing-happened", body, appApiToken: "wrong");

        Assert.Equal($"HTTP {(int)HttpStatusCode.Unauthorized}", status);
        Assert.Equal(0, App.Handled.CountSoFar);
    }

    [Fact]
    public async Task Delivery_without_the_app_api_token_is_refused()
    {
        using var forged = new ByteArrayContent(CloudEventSerializer.Serialize(new ThingHappened("intruder", 1), "orders", "pubsub"));
        forged.Headers.ContentType = new("application/cloudevents+json");

        using var response = await _http.PostAsync(new Uri(App.BaseAddress, "/dapr/events/test.thing-happened"), forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, App.Handled.CountSoFar);
    }

    [Fact]
    public async Task Readiness_follows_the_sidecar()
    {
        Assert.True(await App.IsReadyAsync());

        await Sidecar.DisposeAsync();

        Assert.False(await App.IsReadyAsync());
    }
}
