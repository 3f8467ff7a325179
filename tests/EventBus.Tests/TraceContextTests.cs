using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hiroba.EventBus.CloudEvents;
using Hiroba.EventBus.Telemetry;
using Hiroba.TestSupport;

namespace Hiroba.EventBus.Tests;

/// <summary>
/// Runs alone: its ActivityListener hears every event bus in the process, and a span makes each publish carry a
/// traceparent, which tests that compare envelopes byte for byte do not expect.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ActivityListenerCollection
{
    public const string Name = "activity listener";
}

/// <summary>
/// The CloudEvent carries the publish span's W3C trace context (<c>traceparent</c>, <c>tracestate</c>) and the consumer's
/// delivery span continues it, on MQTT and through the Dapr sidecar; a malformed one is ignored, never fatal.
/// </summary>
[Collection(ActivityListenerCollection.Name)]
public sealed class TraceContextTests : IClassFixture<MosquittoFixture>, IDisposable
{
    private const string ValidTraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string ValidSpanId = "b7ad6b7169203331";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly MosquittoFixture _broker;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public TraceContextTests(MosquittoFixture broker)
    {
        _broker = broker;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EventBusTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task On_mqtt_the_envelope_carries_the_publish_span_and_the_handler_continues_it()
    {
        await using var recorder = await TopicRecorder.StartAsync(_broker, "test.thing-happened");
        await using var publisher = await MqttTransportTests.StartMqttAppAsync(_broker, "trace-publisher", subscribe: _ => { });
        await using var subscriber = await MqttTransportTests.StartMqttAppAsync(_broker, "trace-subscriber");
        var sent = new ThingHappened("traced", 1);

        await publisher.Bus.PublishAsync(sent, CancellationToken.None);

        await subscriber.Handled.NextAsync<ThingHappened>(Wait);
        var publish = SpanOf("publish test.thing-happened", sent.Id);
        using var envelope = JsonDocument.Parse((await recorder.NextAsync(Wait)).Payload);
        Assert.Equal(
            $"00-{publish.TraceId.ToHexString()}-{publish.SpanId.ToHexString()}-01",
            envelope.RootElement.GetProperty("traceparent").GetString());
        var process = await ProcessSpanAsync(sent.Id);
        Assert.Equal((publish.TraceId, publish.SpanId), (process.TraceId, process.ParentSpanId));
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        var handler = await EventuallySpanAsync(span => span.OperationName == nameof(ThingHappenedHandler) && span.ParentSpanId == process.SpanId);
        Assert.Equal(process.TraceId, handler.TraceId);
    }

    [Fact]
    public async Task Through_the_dapr_sidecar_the_handler_stays_in_the_publishers_trace()
    {
        await using var publisher = await MqttTransportTests.StartMqttAppAsync(_broker, "trace-mqtt", subscribe: _ => { });
        await using var dapr = await DaprService.StartAsync(_broker, "trace-dapr");
        var sent = new ThingHappened("traced-dapr", 2);

        await publisher.Bus.PublishAsync(sent, CancellationToken.None);

        await dapr.App.Handled.NextAsync<ThingHappened>(Wait);
        var publish = SpanOf("publish test.thing-happened", sent.Id);
        var process = await ProcessSpanAsync(sent.Id);
        Assert.Equal(publish.TraceId, process.TraceId);
        Assert.Equal("dapr", process.GetTagItem("messaging.system"));
    }

    [Theory]
    [InlineData("\"not a traceparent\"")]
    [InlineData($"\"00-{ValidTraceId}-{ValidSpanId}-01-and-more\"")]
    [InlineData($"\"00-00000000000000000000000000000000-{ValidSpanId}-01\"")]
    [InlineData($"\"00-{ValidTraceId}-0000000000000000-01\"")]
    [InlineData($"\"ff-{ValidTraceId}-{ValidSpanId}-01\"")]
    [InlineData($"\"00-{ValidTraceId}-{ValidSpanId}-zz\"")]
    [InlineData("42")]
    [InlineData("{\"traceparent\": \"00\"}")]
    [InlineData("[\"00\"]")]
    public async Task A_malformed_traceparent_is_ignored_and_the_handler_runs_in_a_trace_of_its_own(string traceParentJson)
    {
        await using var subscriber = await MqttTransportTests.StartMqttAppAsync(_broker, "trace-malformed-" + Guid.NewGuid().ToString("N")[..8]);
        var sent = new ThingHappened("malformed", 3);

        await PublishRawAsync(sent, JsonNode.Parse(traceParentJson), tracestate: "vendor=value");

        Assert.Equal(sent.Id, (await subscriber.Handled.NextAsync<ThingHappened>(Wait)).Id);
        var process = await ProcessSpanAsync(sent.Id);
        Assert.Equal(default, process.ParentSpanId);
        Assert.NotEqual(ValidTraceId, process.TraceId.ToHexString());
    }

    [Fact]
    public async Task A_tracestate_beyond_the_limit_is_dropped_and_the_traceparent_still_continues()
    {
        await using var subscriber = await MqttTransportTests.StartMqttAppAsync(_broker, "trace-long-state");
        var sent = new ThingHappened("long-state", 4);

        await PublishRawAsync(sent, JsonValue.Create($"00-{ValidTraceId}-{ValidSpanId}-01"), tracestate: "v=" + new string('a', 1_000));

        await subscriber.Handled.NextAsync<ThingHappened>(Wait);
        var process = await ProcessSpanAsync(sent.Id);
        Assert.Equal((ValidTraceId, ValidSpanId), (process.TraceId.ToHexString(), process.ParentSpanId.ToHexString()));
        Assert.Null(process.TraceStateString);
    }

    [Fact]
    public void Reading_is_strict_only_a_version_00_traceparent_of_the_exact_length_gives_a_parent()
    {
        Assert.True(TraceContextFormat.TryParse($"00-{ValidTraceId}-{ValidSpanId}-01", "a=b", out var parent));
        Assert.Equal((ValidTraceId, ValidSpanId, "a=b"), (parent.TraceId.ToHexString(), parent.SpanId.ToHexString(), parent.TraceState));
        Assert.False(TraceContextFormat.TryParse(null, null, out _));
        Assert.False(TraceContextFormat.TryParse(new string('0', 55), null, out _));
        Assert.False(TraceContextFormat.TryParse($"01-{ValidTraceId}-{ValidSpanId}-01", null, out _));
    }

    private async Task PublishRawAsync(ThingHappened @event, JsonNode? traceParent, string tracestate)
    {
        var envelope = JsonNode.Parse(CloudEventSerializer.Serialize(@event, "raw-publisher", "pubsub"))!.AsObject();
        envelope["traceparent"] = traceParent;
        envelope["tracestate"] = tracestate;
        var client = await BrokerClient.ConnectAsync(_broker, "raw-" + Guid.NewGuid().ToString("N"), _ => Task.CompletedTask);
        await client.PublishQos1Async("test.thing-happened", JsonSerializer.SerializeToUtf8Bytes(envelope));
        await client.CloseAsync();
    }

    private Activity SpanOf(string name, Guid eventId) =>
        Assert.Single(_stopped, span => span.OperationName == name && (string?)span.GetTagItem("messaging.message.id") == eventId.ToString());

    private Task<Activity> ProcessSpanAsync(Guid eventId) => EventuallySpanAsync(span =>
        span.OperationName == "process test.thing-happened" && (string?)span.GetTagItem("messaging.message.id") == eventId.ToString());

    /// <summary>A span stops after the handler has reported the event, so it may come a moment later.</summary>
    private async Task<Activity> EventuallySpanAsync(Func<Activity, bool> match)
    {
        await Eventually.TrueAsync(() => _stopped.Any(match), "the span has stopped");
        return _stopped.Single(match);
    }
}
