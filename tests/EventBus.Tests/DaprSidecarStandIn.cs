using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Grpc.Core;
using Hiroba.TestSupport;
using MQTTnet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hiroba.EventBus.Tests;

/// <summary>
/// Stands in for one app's daprd with the <c>pubsub.mqtt3</c> component (components/pubsub.yaml) on the real
/// mosquitto, since daprd cannot run here. Towards the app it speaks what daprd speaks: Dapr's gRPC API (PublishEvent,
/// with the <c>dapr-api-token</c> metadata checked against DAPR_API_TOKEN), the HTTP health endpoint, and daprd's calls
/// into the app (<c>GET /dapr/subscribe</c>, then one POST per delivery with <c>dapr-api-token</c> = APP_API_TOKEN).
/// Towards the broker it does what the component does: a published CloudEvent gets daprd's trace fields, topic and
/// pubsubname and goes out at QoS 1; a message on a subscribed topic is delivered to the app and acknowledged once the
/// app has answered. SUCCESS ends a delivery, RETRY and failed calls are retried (components/resiliency.yaml, with
/// shorter delays) and then dead-lettered, DROP goes to the subscription's dead-letter topic, 404 drops.
/// </summary>
public sealed class DaprSidecarStandIn : IAsyncDisposable
{
    public const string ApiTokenHeader = "dapr-api-token";
    public const string PubSubName = "pubsub";
    private const int MaxDeliveryRetries = 10;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    private readonly string? _apiToken;
    private readonly string? _appApiToken;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private IMqttClient _broker = null!;
    private readonly ConcurrentDictionary<string, AppSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>();
    private WebApplication? _server;
    private Uri? _app;

    private DaprSidecarStandIn(string? apiToken, string? appApiToken)
    {
        _apiToken = apiToken;
        _appApiToken = appApiToken;
    }

    /// <summary>daprd's <c>--dapr-grpc-port</c>: where the app publishes.</summary>
    public Uri GrpcEndpoint { get; private set; } = null!;

    /// <summary>daprd's <c>--dapr-http-port</c>: where the app asks for readiness.</summary>
    public Uri HttpEndpoint { get; private set; } = null!;

    /// <summary>What PublishEvent accepted, as the app sent it and as it went to the broker.</summary>
    public ConcurrentQueue<PublishedMessage> Published { get; } = new();

    /// <summary>Starts the sidecar; <paramref name="apiToken"/> is its DAPR_API_TOKEN, <paramref name="appApiToken"/> its APP_API_TOKEN.</summary>
    public static async Task<DaprSidecarStandIn> StartAsync(MosquittoFixture broker, string appId, string? apiToken = null, string? appApiToken = null)
    {
        var sidecar = new DaprSidecarStandIn(apiToken, appApiToken);
        sidecar._broker = await BrokerClient.ConnectAsync(broker, $"{appId}-{Guid.NewGuid()}", message => sidecar.OnBrokerMessageAsync(message, CancellationToken.None));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions grpc = null!, http = null!;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // gRPC without TLS is HTTP/2 with prior knowledge, as daprd serves it.
            kestrel.Listen(IPAddress.Loopback, 0, listen => (grpc = listen).Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, 0, listen => (http = listen).Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(sidecar);
        var server = builder.Build();
        server.MapGrpcService<DaprGrpcApi>();
        server.MapGet("/v1.0/healthz/outbound", () => Results.NoContent());
        await server.StartAsync();
        sidecar._server = server;
        sidecar.GrpcEndpoint = new Uri($"http://127.0.0.1:{grpc.IPEndPoint!.Port}");
        sidecar.HttpEndpoint = new Uri($"http://127.0.0.1:{http.IPEndPoint!.Port}");
        return sidecar;
    }

    /// <summary>What daprd does once the app is up: reads its subscriptions and subscribes to their topics on the broker.</summary>
    public async Task AttachAsync(Uri app)
    {
        _app = app;
        var listed = await _http.GetFromJsonAsync<AppSubscription[]>(new Uri(app, "/dapr/subscribe"), JsonSerializerOptions.Web);
        foreach (var subscription in listed!.Where(subscription => subscription.PubsubName == PubSubName))
        {
            _subscriptions[subscription.Topic] = subscription;
            await _broker.SubscribeQos1Async(subscription.Topic);
        }
    }

    /// <summary>The app's answers to deliveries from the broker, in order.</summary>
    public async Task<Delivery> NextDeliveryAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        return await _deliveries.Reader.ReadAsync(cancellation.Token);
    }

    /// <summary>One delivery call into the app, as daprd makes it; returns the answered status (or the HTTP error).</summary>
    public async Task<string> DeliverAsync(string topic, byte[] body, string? appApiToken = null, CancellationToken cancellationToken = default)
    {
        var route = _subscriptions[topic].DeliveryRoute;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_app!, route)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
        request.Headers.Add("pubsubname", PubSubName);
        if ((appApiToken ?? _appApiToken) is { } token)
        {
            request.Headers.Add(ApiTokenHeader, token);
        }
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return $"HTTP {(int)response.StatusCode}";
            }
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            // daprd takes a 2xx without a status as SUCCESS.
            return text.Length == 0 ? "SUCCESS" : JsonNode.Parse(text)?["status"]?.GetValue<string>().ToUpperInvariant() ?? "SUCCESS";
        }
        catch (HttpRequestException exception)
        {
            return $"unreachable: {exception.Message}";
        }
    }

    internal void Authenticate(string? token)
    {
        if (_apiToken is null)
        {
            return;
        }
        if (token is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing api token in request metadata"));
        }
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(_apiToken)))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "authentication error: api token mismatch"));
        }
    }

    internal async Task PublishAsync(string pubsubName, string topic, string contentType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (pubsubName != PubSubName)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"pubsub {pubsubName} is not found"));
        }
        if (topic.Length == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"topic is empty in pubsub {pubsubName}"));
        }
        if (contentType != "application/cloudevents+json")
        {
            // daprd would wrap other data in a CloudEvent of its own; the event bus never sends any.
            throw new RpcException(new Status(StatusCode.Unimplemented, $"the stand-in takes only application/cloudevents+json, not {contentType}"));
        }
        if (JsonNode.Parse(data.Span) is not JsonObject posted)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "error when unmarshalling the request: not a cloud event"));
        }
        posted["topic"] = topic;
        posted["pubsubname"] = pubsubName;
        posted["traceid"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        posted["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        posted["tracestate"] = "";
        var sorted = new JsonObject(posted.OrderBy(member => member.Key, StringComparer.Ordinal)
            .Select(member => KeyValuePair.Create(member.Key, member.Value?.DeepClone())));
        var onBroker = JsonSerializer.SerializeToUtf8Bytes(sorted);
        try
        {
            await _broker.PublishQos1Async(topic, onBroker, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"error when publish to topic {topic} in pubsub {pubsubName}: {exception.Message}"));
        }
        Published.Enqueue(new PublishedMessage(pubsubName, topic, contentType, data.ToArray(), onBroker));
    }

    private async Task OnBrokerMessageAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        if (!_subscriptions.TryGetValue(message.Topic, out var subscription))
        {
            return;
        }
        var body = message.Payload.ToArray();
        var delay = FirstRetryDelay;
        for (var retry = 0; ; retry++)
        {
            var status = await DeliverAsync(message.Topic, body, cancellationToken: cancellationToken);
            _deliveries.Writer.TryWrite(new Delivery(message.Topic, status));
            switch (status)
            {
                case "SUCCESS":
                case "HTTP 404":
                    return;
                case "DROP":
                    await DeadLetterAsync(subscription, body, cancellationToken);
                    return;
            }
            if (retry == MaxDeliveryRetries)
            {
                await DeadLetterAsync(subscription, body, cancellationToken);
                return;
            }
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    private async Task DeadLetterAsync(AppSubscription subscription, byte[] body, CancellationToken cancellationToken)
    {
        if (subscription.DeadLetterTopic is { Length: > 0 } deadLetterTopic)
        {
            await _broker.PublishQos1Async(deadLetterTopic, body, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is null)
        {
            return;
        }
        await _server.StopAsync();
        await _server.DisposeAsync();
        _server = null;
        await _broker.CloseAsync();
        _http.Dispose();
    }

    /// <summary>One entry of the app's <c>/dapr/subscribe</c>, read as daprd reads it (names in any case, route v1 or v2).</summary>
    private sealed record AppSubscription(string PubsubName, string Topic, string? Route, AppRoutes? Routes, string? DeadLetterTopic)
    {
        public string DeliveryRoute => "/" + (Route ?? Routes?.Default ?? throw new InvalidOperationException($"no route for {Topic}")).TrimStart('/');
    }

    private sealed record AppRoutes(string? Default);
}

public sealed record PublishedMessage(string PubSubName, string Topic, string ContentType, byte[] Data, byte[] BrokerBytes);

public sealed record Delivery(string Topic, string Status);
