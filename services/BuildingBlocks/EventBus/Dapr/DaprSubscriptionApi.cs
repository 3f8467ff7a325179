using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Hiroba.EventBus.Processing;
using Hiroba.EventBus.Subscriptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Hiroba.EventBus.Dapr;

/// <summary>
/// The two endpoints the Dapr sidecar calls: <c>GET /dapr/subscribe</c> once at start-up, and
/// <c>POST /dapr/events/{topic}</c> for each delivery, answered with SUCCESS, RETRY or DROP.
/// </summary>
internal static class DaprSubscriptionApi
{
    public const string EventsPath = "/dapr/events/";
    private const string ApiTokenHeader = "dapr-api-token";

    public static IEndpointRouteBuilder MapDaprSubscriptionApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/dapr/subscribe", GetSubscriptions).ExcludeFromDescription();
        endpoints.MapPost(EventsPath + "{topic}", DeliverAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static Ok<DaprSubscription[]> GetSubscriptions(EventSubscriptions subscriptions, IOptions<EventBusOptions> options) =>
        TypedResults.Ok(subscriptions.All
            .Select(subscription => new DaprSubscription(
                options.Value.PubSubName,
                subscription.Topic,
                new DaprRoutes(EventsPath + subscription.Topic),
                subscription.DeadLetterTopic))
            .ToArray());

    private static async Task<Results<Ok<DaprDeliveryResult>, UnauthorizedHttpResult>> DeliverAsync(
        string topic, HttpRequest request, IntegrationEventProcessor processor, IOptions<EventBusOptions> options, CancellationToken cancellationToken)
    {
        if (!HasApiToken(request, options.Value.Dapr.AppApiToken))
        {
            return TypedResults.Unauthorized();
        }
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        var outcome = await processor.ProcessAsync(topic, body.GetBuffer().AsMemory(0, (int)body.Length), cancellationToken);
        // DROP hands rejected and exhausted events to the sidecar, which moves them to deadLetterTopic.
        return TypedResults.Ok(outcome switch
        {
            ProcessingOutcome.Handled => DaprDeliveryResult.Success,
            ProcessingOutcome.Interrupted => DaprDeliveryResult.Retry,
            _ => DaprDeliveryResult.Drop,
        });
    }

    private static bool HasApiToken(HttpRequest request, string? expected) =>
        string.IsNullOrEmpty(expected)
        || CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(request.Headers[ApiTokenHeader].ToString()),
            Encoding.UTF8.GetBytes(expected));
}

internal sealed record DaprSubscription(
    [property: JsonPropertyName("pubsubname")] string PubSubName,
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("routes")] DaprRoutes Routes,
    [property: JsonPropertyName("deadLetterTopic")] string DeadLetterTopic);

internal sealed record DaprRoutes([property: JsonPropertyName("default")] string Default);

internal sealed record DaprDeliveryResult([property: JsonPropertyName("status")] string Status)
{
    public static readonly DaprDeliveryResult Success = new("SUCCESS");
    public static readonly DaprDeliveryResult Retry = new("RETRY");
    public static readonly DaprDeliveryResult Drop = new("DROP");
}
