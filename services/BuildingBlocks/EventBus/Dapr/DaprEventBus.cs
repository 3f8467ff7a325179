using System.Net;
using System.Net.Http.Headers;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hiroba.EventBus.Dapr;

/// <summary>
/// Publishes through the Dapr sidecar's HTTP API. The body is our own CloudEvent, so the sidecar keeps
/// its id, source and type and only adds its trace fields: subscribers see the same envelope as on MQTT.
/// </summary>
internal sealed partial class DaprEventBus(HttpClient sidecar, IOptions<EventBusOptions> options, ILogger<DaprEventBus> logger)
    : IEventBusTransport
{
    private static readonly MediaTypeHeaderValue CloudEventContentType = new(CloudEvent.MediaType);

    public async Task PublishAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        var topic = Topics.Of(@event.GetType());
        var body = CloudEventSerializer.Serialize(@event, options.Value.AppId, options.Value.PubSubName);
        EventBusLimits.EnsurePublishable(topic, body);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = CloudEventContentType;
        var path = $"v1.0/publish/{Uri.EscapeDataString(options.Value.PubSubName)}/{topic}";

        HttpResponseMessage response;
        try
        {
            response = await sidecar.PostAsync(path, content, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new EventBusPublishException(topic, $"the Dapr sidecar at {sidecar.BaseAddress} is unreachable", exception);
        }
        using (response)
        {
            if (response.StatusCode != HttpStatusCode.NoContent)
            {
                var error = await response.Content.ReadAsStringAsync(cancellationToken);
                LogPublishFailed(logger, topic, (int)response.StatusCode, error);
                throw new EventBusPublishException(topic, $"the Dapr sidecar answered {(int)response.StatusCode}: {error}");
            }
        }
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await sidecar.GetAsync("v1.0/healthz/outbound", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Dapr refused to publish to {Topic}: {StatusCode} {Error}")]
    private static partial void LogPublishFailed(ILogger logger, string topic, int statusCode, string error);
}
