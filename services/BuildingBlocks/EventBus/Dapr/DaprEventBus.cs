using DaprException = Dapr.DaprException;
using Dapr.Client;
using Grpc.Core;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.EventBus.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hiroba.EventBus.Dapr;

/// <summary>
/// Publishes through the Dapr sidecar's gRPC API. The data is our own CloudEvent, so the sidecar keeps
/// its id, source and type and only adds its trace fields: subscribers see the same envelope as on MQTT.
/// </summary>
internal sealed partial class DaprEventBus(DaprClient sidecar, IOptions<EventBusOptions> options, ILogger<DaprEventBus> logger)
    : IEventBusTransport
{
    internal const string MessagingSystem = "dapr";

    public async Task PublishAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        var topic = Topics.Of(@event);
        // The gRPC call under this span carries its traceparent to the sidecar too (HttpClient instrumentation).
        using var activity = EventBusTelemetry.StartPublish(@event, topic, MessagingSystem);
        var body = CloudEventSerializer.Serialize(@event, options.Value.AppId, options.Value.PubSubName, EventBusTelemetry.ContextToSend(activity, @event));
        EventBusLimits.EnsurePublishable(topic, body);
        try
        {
            await sidecar.PublishByteEventAsync(options.Value.PubSubName, topic, body, CloudEvent.MediaType, cancellationToken: cancellationToken);
        }
        catch (DaprException exception) when (exception.InnerException is RpcException { Status: var status })
        {
            cancellationToken.ThrowIfCancellationRequested();
            EventBusTelemetry.RecordPublished(activity, topic, exception);
            LogPublishFailed(logger, topic, status.StatusCode, status.Detail);
            throw new EventBusPublishException(topic, $"the Dapr sidecar at {options.Value.Dapr.GrpcEndpoint} answered {status.StatusCode}: {status.Detail}", exception);
        }
        EventBusTelemetry.RecordPublished(activity, topic, failure: null);
    }

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => sidecar.CheckOutboundHealthAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dapr refused to publish to {Topic}: {StatusCode} {Error}")]
    private static partial void LogPublishFailed(ILogger logger, string topic, StatusCode statusCode, string error);
}
