using System.Net;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Hiroba.Gateway.Proxy.MqttLimits;

/// <summary>
/// Caps the connections on a route whose metadata <c>MqttConnectionCap</c> is true (<c>/mqtt</c>, pages with live
/// updates) at <see cref="MqttConnectionLimitOptions.MaxConnections"/>, shared fairly between client addresses
/// (<see cref="MqttConnectionShares"/>). A page that finds no place gets 503 before the gateway opens anything to the
/// broker; a page that takes the place of another address's oldest connection has that one closed with a WebSocket
/// close frame (<see cref="EvictableClientStream"/>). mosquitto cannot do it itself: its <c>max_connections</c> counts no
/// websockets client (2.0.11 to 2.0.22 at least), and it knows no page's address.
/// </summary>
internal sealed partial class MqttConnectionCapTransforms(
    MqttConnectionShares shares, IProblemDetailsService problemDetails, ILogger<MqttConnectionCapTransforms> logger) : ITransformProvider
{
    public const string MetadataKey = "MqttConnectionCap";

    /// <summary>A place frees when a page leaves, which nothing can foretell; pages' mqtt.js tries again every second anyway.</summary>
    private const string RetryAfterSeconds = "10";

    public void ValidateRoute(TransformRouteValidationContext context)
    {
        if (context.Route.Metadata?.GetValueOrDefault(MetadataKey) is { } text && !bool.TryParse(text, out _))
        {
            context.Errors.Add(new ArgumentException(
                $"Route '{context.Route.RouteId}': {MetadataKey} must be true or false, not '{text}'."));
        }
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route.Metadata?.GetValueOrDefault(MetadataKey) is { } text && bool.TryParse(text, out var capped) && capped)
        {
            context.AddRequestTransform(transform => AdmitAsync(transform.HttpContext));
        }
    }

    private async ValueTask AdmitAsync(HttpContext context)
    {
        // YARP runs the request transforms again when it retries a WebSocket over HTTP/1.1; the page is admitted once.
        if (context.Features.Get<MqttPageConnection>() is not null)
        {
            return;
        }
        var client = ClientAddress(context);
        var (admitted, evicted) = shares.Admit(client);
        if (admitted is null)
        {
            await RefuseAsync(context);
            return;
        }
        context.Features.Set(admitted);
        context.Response.RegisterForDispose(admitted);
        context.WrapUpgradedStream(upgraded => new EvictableClientStream(upgraded, admitted.Evicted));
        if (evicted is not null)
        {
            LogEvicted(logger, evicted.Client, client);
            evicted.Evict();
        }
    }

    /// <summary>
    /// The connection's address, as the sign-in limit takes it: the gateway is the edge, so only a trusted proxy in front
    /// (ForwardedHeaders:KnownProxies) can have set another. An IPv4 client on a dual-stack socket counts as its IPv4 address.
    /// </summary>
    private static IPAddress ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress switch
    {
        null => IPAddress.None,
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4(),
        var address => address,
    };

    private Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Detail = $"Every live-update connection is taken, and this address holds its share. Try again in {RetryAfterSeconds} s.",
            },
        }).AsTask();
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Closed the oldest /mqtt connection of {Holder}, the address that holds the most, to let in a page from {Client}")]
    private static partial void LogEvicted(ILogger logger, IPAddress holder, IPAddress client);
}
