using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Hiroba.TestSupport;

namespace Hiroba.EventBus.Tests;

/// <summary>
/// Stands in for the daprd sidecar, which cannot run here. It follows the documented HTTP contract
/// (shared docs: protocols.md §3a-3b): the publish API answers 204 and turns a posted CloudEvent into
/// the envelope the broker carries (trace fields added, topic and pubsubname overwritten, keys sorted);
/// deliveries post that envelope to the app's route as application/cloudevents+json.
/// </summary>
public sealed class DaprSidecarStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client = new();

    private DaprSidecarStandIn(WebApplication app) => _app = app;

    public Uri HttpEndpoint => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public ConcurrentQueue<PublishedMessage> Published { get; } = new();

    /// <summary>When set, the publish API fails with this status the way daprd does.</summary>
    public int? FailPublishWith { get; set; }

    public static async Task<DaprSidecarStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sidecar = new DaprSidecarStandIn(app);
        app.MapPost("/v1.0/publish/{pubsubName}/{**topic}", sidecar.PublishAsync);
        app.MapGet("/v1.0/healthz/outbound", () => Results.NoContent());
        await app.StartAsync();
        return sidecar;
    }

    /// <summary>Delivers broker bytes to the app the way daprd does and returns the app's <c>status</c>.</summary>
    public async Task<string> DeliverAsync(Uri app, string route, byte[] body, string pubSubName = "pubsub", string? apiToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(app, route)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
        request.Headers.Add("pubsubName", pubSubName);
        if (apiToken is not null)
        {
            request.Headers.Add("dapr-api-token", apiToken);
        }
        using var response = await _client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            return $"HTTP {(int)response.StatusCode}";
        }
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return answer.RootElement.GetProperty("status").GetString()!;
    }

    private async Task<IResult> PublishAsync(string pubsubName, string topic, HttpRequest request)
    {
        if (FailPublishWith is { } status)
        {
            return Results.Json(new { errorCode = "ERR_PUBSUB_PUBLISH_MESSAGE", message = "broker unavailable" }, statusCode: status);
        }
        var posted = await JsonNode.ParseAsync(request.Body) as JsonObject;
        if (posted is null || request.ContentType != "application/cloudevents+json")
        {
            return Results.Json(new { errorCode = "ERR_PUBSUB_CLOUD_EVENTS_SER", message = "not a cloud event" }, statusCode: 400);
        }
        posted["topic"] = topic;
        posted["pubsubname"] = pubsubName;
        posted["traceid"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        posted["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        posted["tracestate"] = "";
        var sorted = new JsonObject(posted.OrderBy(member => member.Key, StringComparer.Ordinal)
            .Select(member => KeyValuePair.Create(member.Key, member.Value?.DeepClone())));
        Published.Enqueue(new PublishedMessage(pubsubName, topic, request.ContentType!, JsonSerializer.SerializeToUtf8Bytes(sorted)));
        return Results.NoContent();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record PublishedMessage(string PubSubName, string Topic, string ContentType, byte[] BrokerBytes);
