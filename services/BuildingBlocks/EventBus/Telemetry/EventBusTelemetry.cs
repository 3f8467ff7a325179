using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.EventBus.Processing;

namespace Hiroba.EventBus.Telemetry;

/// <summary>
/// The event bus's spans (one per publish, one per delivery with one per handler under it) and counters, named as
/// OpenTelemetry's messaging conventions name them. Without a listener (no OTLP endpoint) no span is made.
/// </summary>
public static class EventBusTelemetry
{
    public const string Name = "Hiroba.EventBus";

    private const string DestinationTag = "messaging.destination.name";
    private const string OutcomeTag = "hiroba.outcome";

    private static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Published = Meter.CreateCounter<long>(
        "hiroba.event_bus.published", "{event}", "Events handed to the broker (or sidecar), by topic and outcome (accepted, failed).");

    private static readonly Counter<long> Delivered = Meter.CreateCounter<long>(
        "hiroba.event_bus.delivered", "{event}", "Events received, by topic and outcome (handled, dead_lettered, rejected, interrupted).");

    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>(
        "hiroba.event_bus.dead_lettered", "{event}", "Events moved to a dead-letter topic, by the topic they came on.");

    /// <summary>
    /// Starts the span of one publish: a child of the trace the event was raised in (<see cref="IntegrationEvent.TraceContext"/>,
    /// so a queue or an outbox in between keeps it), else of the current span.
    /// </summary>
    public static Activity? StartPublish(IntegrationEvent @event, string topic, string system)
    {
        var activity = Source.StartActivity($"publish {topic}", ActivityKind.Producer, @event.TraceContext);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", system);
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag(DestinationTag, topic);
            activity.SetTag("messaging.message.id", @event.Id.ToString());
        }
        return activity;
    }

    /// <summary>The trace context a published CloudEvent carries: the publish span's, else the event's own.</summary>
    public static ActivityContext ContextToSend(Activity? publish, IntegrationEvent @event) =>
        publish?.Context ?? (@event.TraceContext != default ? @event.TraceContext : Activity.Current?.Context ?? default);

    public static void RecordPublished(Activity? publish, string topic, Exception? failure)
    {
        if (failure is not null)
        {
            publish?.SetStatus(ActivityStatusCode.Error, failure.Message);
        }
        Published.Add(1, new(DestinationTag, topic), new(OutcomeTag, failure is null ? "accepted" : "failed"));
    }

    /// <summary>
    /// Starts the span of one delivery, continuing the publisher's trace from the envelope's <c>traceparent</c>. When the
    /// transport's own request already continues that trace (the Dapr sidecar sends it as a header too), the span nests
    /// under the request instead. A missing or malformed traceparent starts a new trace.
    /// </summary>
    public static Activity? StartProcess(CloudEvent envelope, string topic, string system)
    {
        var parent = default(ActivityContext);
        if (TraceContextFormat.TryParse(envelope.TraceParent, envelope.TraceState, out var remote)
            && Activity.Current?.TraceId != remote.TraceId)
        {
            parent = remote;
        }
        var activity = Source.StartActivity($"process {topic}", ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", system);
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag(DestinationTag, topic);
            activity.SetTag("messaging.message.id", envelope.Id);
        }
        return activity;
    }

    /// <summary>One handler's run (one attempt) under the delivery's span.</summary>
    public static Activity? StartHandler(Type handlerType) => Source.StartActivity(handlerType.Name);

    public static void RecordDelivered(Activity? process, string topic, ProcessingOutcome outcome)
    {
        if (outcome is ProcessingOutcome.DeadLettered or ProcessingOutcome.Rejected)
        {
            process?.SetStatus(ActivityStatusCode.Error, outcome.ToString());
        }
        Delivered.Add(1, new(DestinationTag, topic), new(OutcomeTag, OutcomeName(outcome)));
    }

    public static void RecordDeadLettered(string topic) => DeadLettered.Add(1, new KeyValuePair<string, object?>(DestinationTag, topic));

    private static string OutcomeName(ProcessingOutcome outcome) => outcome switch
    {
        ProcessingOutcome.Handled => "handled",
        ProcessingOutcome.DeadLettered => "dead_lettered",
        ProcessingOutcome.Rejected => "rejected",
        _ => "interrupted",
    };
}
