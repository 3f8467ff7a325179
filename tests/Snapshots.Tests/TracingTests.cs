using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.Contracts.Feed;
using Hiroba.EventBus.Abstractions;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Telemetry;

namespace Hiroba.Snapshots.Tests;

/// <summary>Rooms, Snapshots, Feed and the gateway exporting their traces to an OTLP receiver in the test.</summary>
public sealed class TracedStack() : SnapshotsStack(["Feed"]), IAsyncLifetime
{
    public OtlpReceiver Receiver { get; } = new();

    protected override IDictionary<string, string?> SettingsFor(string serviceName)
    {
        var settings = base.SettingsFor(serviceName);
        AddExporter(settings);
        return settings;
    }

    protected override void ConfigureGateway(IDictionary<string, string?> settings) => AddExporter(settings);

    async Task IAsyncLifetime.InitializeAsync()
    {
        await Receiver.InitializeAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Receiver.DisposeAsync();
    }

    private void AddExporter(IDictionary<string, string?> settings)
    {
        foreach (var (key, value) in Receiver.ExporterSettings)
        {
            settings[key] = value;
        }
    }
}

/// <summary>
/// One user action is one trace across every service it touches: the gateway's request and its forwarding, the backend's
/// request, and the event it raised, through Feed's outbox or Snapshots' queue and the broker, to a consumer's handler.
/// </summary>
public sealed class TracingTests(TracedStack stack) : IClassFixture<TracedStack>
{
    private const string Gateway = "Hiroba.Gateway";
    private const string RoomsHandler = "SnapshotIngestedIntegrationEventHandler";

    [Fact]
    public async Task A_post_is_one_trace_from_the_gateway_through_the_feed_and_its_outbox_to_the_event_on_the_broker()
    {
        await using var recorder = await TopicRecorder.StartAsync(stack.Broker, Topics.Of<PostPublishedIntegrationEvent>());
        using var client = stack.CreateClient();

        var response = await client.PostAsJsonAsync("/api/feed/posts", new { title = "Traced", body = "One post, one trace." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var envelope = JsonDocument.Parse((await recorder.NextAsync(TimeSpan.FromSeconds(15))).Payload);
        var traceParent = envelope.RootElement.GetProperty("traceparent").GetString()!;
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", traceParent);
        var (traceId, publishSpanId) = (traceParent[3..35], traceParent[36..52]);
        // Each service exports in batches of its own, so the spans come in any order.
        var trace = await stack.Receiver.TraceAsync(traceId, spans =>
            spans.Any(span => span.SpanId == publishSpanId) && HasForwardedRequest(spans, "Hiroba.Feed")
            && spans.Any(span => span.Name == "relay feed.post-published"),
            "the post's spans from the gateway and the feed");
        var feedRequest = AssertForwardedRequest(trace, "Hiroba.Feed", "POST", "/api/feed/posts");
        var relay = Assert.Single(trace, span => span.Name == "relay feed.post-published");
        Assert.Equal(("Hiroba.Feed", feedRequest.SpanId), (relay.Service, relay.ParentSpanId));
        var publish = Assert.Single(trace, span => span.SpanId == publishSpanId);
        Assert.Equal(("Hiroba.Feed", "publish feed.post-published", SpanKind.Producer, relay.SpanId),
            (publish.Service, publish.Name, publish.Kind, publish.ParentSpanId));
    }

    [Fact]
    public async Task A_snapshot_upload_is_one_trace_from_the_gateway_through_snapshots_and_the_broker_to_the_rooms_handler()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Traced");
        var path = $"/api/snapshots/rooms/{workshop.Id}/guests/{guest.GuestId}";

        await guest.UploadAcceptedAsync(TestImages.Png());

        var upload = await EventuallyAsync(() => stack.Receiver.Spans.FirstOrDefault(span =>
            span.Service == Gateway && span.ParentSpanId is null && span.Attributes.GetValueOrDefault("url.path") == path));
        var trace = await stack.Receiver.TraceAsync(upload.TraceId, spans =>
            HasForwardedRequest(spans, "Hiroba.Snapshots")
            && new[] { "publish snapshots.snapshot-ingested", "process snapshots.snapshot-ingested", RoomsHandler }
                .All(name => spans.Any(span => span.Name == name)),
            "the upload's spans down to the Rooms handler");
        var snapshotsRequest = AssertForwardedRequest(trace, "Hiroba.Snapshots", "PUT", path);
        var publish = Assert.Single(trace, span => span.Name == "publish snapshots.snapshot-ingested");
        Assert.Equal(("Hiroba.Snapshots", SpanKind.Producer, snapshotsRequest.SpanId), (publish.Service, publish.Kind, publish.ParentSpanId));
        var process = Assert.Single(trace, span => span.Name == "process snapshots.snapshot-ingested");
        Assert.Equal(("Hiroba.Rooms", SpanKind.Consumer, publish.SpanId), (process.Service, process.Kind, process.ParentSpanId));
        var handler = Assert.Single(trace, span => span.Name == RoomsHandler);
        Assert.Equal(("Hiroba.Rooms", process.SpanId), (handler.Service, handler.ParentSpanId));
    }

    [Fact]
    public async Task The_services_export_request_event_bus_upload_and_websocket_metrics()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Measured");
        await guest.UploadAcceptedAsync(TestImages.Png());
        await using var socket = await RawMqttWebSocket.OpenAsync(new UriBuilder(stack.GatewayUri) { Scheme = "ws", Path = "/mqtt" }.Uri);

        (string, string)[] expected =
        [
            (Gateway, "http.server.request.duration"),
            (Gateway, "hiroba.websocket.connections"),
            ("Hiroba.Rooms", "hiroba.event_bus.published"),
            ("Hiroba.Snapshots", "hiroba.event_bus.delivered"),
            ("Hiroba.Snapshots", "hiroba.snapshots.uploads"),
            ("Hiroba.Snapshots", "hiroba.snapshots.upload.size"),
        ];
        await Eventually.TrueAsync(
            () => expected.All(stack.Receiver.MetricNames.Contains),
            "every expected metric is exported");
    }

    private static bool HasForwardedRequest(IReadOnlyList<ExportedSpan> spans, string backend) =>
        spans.Any(span => span.Service == Gateway && span.ParentSpanId is null)
        && spans.Any(span => span.Name == "proxy.forwarder")
        && spans.Any(span => span.Service == Gateway && span.Kind == SpanKind.Client)
        && spans.Any(span => span.Service == backend && span.Kind == SpanKind.Server);

    /// <summary>
    /// Asserts the gateway's part of a trace (its request, YARP's forwarding span, the forwarded HTTP call) and returns
    /// the backend's request span, a child of that call.
    /// </summary>
    private static ExportedSpan AssertForwardedRequest(IReadOnlyList<ExportedSpan> trace, string backend, string method, string path)
    {
        var gatewayRequest = Assert.Single(trace, span => span.Service == Gateway && span.Kind == SpanKind.Server && span.ParentSpanId is null);
        Assert.Equal((method, path), (gatewayRequest.Attributes["http.request.method"], gatewayRequest.Attributes["url.path"]));
        var forwarder = Assert.Single(trace, span => span.Name == "proxy.forwarder");
        Assert.Equal((Gateway, gatewayRequest.SpanId), (forwarder.Service, forwarder.ParentSpanId));
        var forwarded = Assert.Single(trace, span => span.Service == Gateway && span.Kind == SpanKind.Client);
        Assert.Equal(forwarder.SpanId, forwarded.ParentSpanId);
        var backendRequest = Assert.Single(trace, span => span.Service == backend && span.Kind == SpanKind.Server);
        Assert.Equal((forwarded.SpanId, path), (backendRequest.ParentSpanId, backendRequest.Attributes["url.path"]));
        return backendRequest;
    }

    private static async Task<ExportedSpan> EventuallyAsync(Func<ExportedSpan?> find)
    {
        ExportedSpan? found = null;
        await Eventually.TrueAsync(() => (found = find()) is not null, "the gateway's span of the upload");
        return found!;
    }
}
