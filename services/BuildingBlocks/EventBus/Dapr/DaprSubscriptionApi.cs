using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Dapr;
using Hiroba.EventBus.Processing;
using Hiroba.EventBus.Subscriptions;
using Hiroba.EventBus.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hiroba.EventBus.Dapr;

/// <summary>
/// What the Dapr sidecar calls: <c>GET /dapr/subscribe</c> once at start-up (Dapr.AspNetCore builds it from the
/// topics below), and <c>POST /dapr/events/{topic}</c> for each delivery, answered with SUCCESS, RETRY or DROP.
/// </summary>
internal static class DaprSubscriptionApi
{
    public const string EventsPath = "/dapr/events";
    private const string ApiTokenHeader = "dapr-api-token";

    public static IEndpointRouteBuilder MapDaprSubscriptionApi(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<EventBusOptions>>().Value;
        endpoints.MapSubscribeHandler().ExcludeFromDescription();
        var deliveries = endpoints.MapGroup(EventsPath).ExcludeFromDescription().AddEndpointFilter(RequireAppApiToken);
        foreach (var subscription in endpoints.ServiceProvider.GetRequiredService<EventSubscriptions>().All)
        {
            var topic = subscription.Topic;
            // A literal route per topic: the subscribe handler lists routes as they are written.
            deliveries.MapPost(topic, (HttpRequest request, IntegrationEventProcessor processor, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
                    => DeliverAsync(topic, request, processor, lifetime, cancellationToken))
                .WithTopic(new TopicOptions { PubsubName = options.PubSubName, Name = topic, DeadLetterTopic = subscription.DeadLetterTopic });
        }
        return endpoints;
    }

    private static async Task<Ok<DaprDeliveryResult>> DeliverAsync(
        string topic, HttpRequest request, IntegrationEventProcessor processor, IHostApplicationLifetime lifetime, CancellationToken requestAborted)
    {
        // Shutdown interrupts the handlers while the sidecar still waits for the answer, so it hears RETRY and delivers again.
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, requestAborted);
        var outcome = await processor.ProcessAsync(topic, body.GetBuffer().AsMemory(0, (int)body.Length), DaprEventBus.MessagingSystem, interrupted.Token);
        if (outcome is ProcessingOutcome.DeadLettered or ProcessingOutcome.Rejected)
        {
            EventBusTelemetry.RecordDeadLettered(topic);
        }
        // DROP hands rejected and exhausted events to the sidecar, which moves them to deadLetterTopic.
        return TypedResults.Ok(outcome switch
        {
            ProcessingOutcome.Handled => DaprDeliveryResult.Success,
            ProcessingOutcome.Interrupted => DaprDeliveryResult.Retry,
            _ => DaprDeliveryResult.Drop,
        });
    }

    // Dapr.AspNetCore's own token check compares in variable time and needs the authentication middleware in every service.
    private static async ValueTask<object?> RequireAppApiToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = context.HttpContext.RequestServices.GetRequiredService<IOptions<EventBusOptions>>().Value.Dapr.AppApiToken;
        return HasApiToken(context.HttpContext.Request, expected) ? await next(context) : TypedResults.Unauthorized();
    }

    private static bool HasApiToken(HttpRequest request, string? expected) =>
        string.IsNullOrEmpty(expected)
        || CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(request.Headers[ApiTokenHeader].ToString()),
            Encoding.UTF8.GetBytes(expected));
}

internal sealed record DaprDeliveryResult([property: JsonPropertyName("status")] string Status)
{
    public static readonly DaprDeliveryResult Success = new("SUCCESS");
    public static readonly DaprDeliveryResult Retry = new("RETRY");
    public static readonly DaprDeliveryResult Drop = new("DROP");
}
