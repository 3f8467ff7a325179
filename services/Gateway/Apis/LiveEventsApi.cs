using System.Net;
using Hiroba.Gateway.LiveEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hiroba.Gateway.Apis;

/// <summary>
/// <c>/mqtt</c>: the public topics for pages, as MQTT 3.1.1 over WebSocket (mqtt.js), read-only and anonymous, served
/// by the gateway from its one broker subscription (<see cref="LivePages"/>). The open connections are capped and
/// shared fairly between client addresses (<see cref="MqttConnectionShares"/>).
/// </summary>
public static partial class LiveEventsApi
{
    public const string Path = "/mqtt";

    private const string MqttSubProtocol = "mqtt";

    /// <summary>A place frees when a page leaves, which nothing can foretell; pages' mqtt.js tries again every second anyway.</summary>
    private const string RetryAfterSeconds = "10";

    public static IEndpointConventionBuilder MapLiveEventsApi(this IEndpointRouteBuilder app) =>
        app.Map(Path, ConnectPageAsync).AllowAnonymous();

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ConnectPageAsync(
        HttpContext context, MqttConnectionShares shares, LivePages pages, IOptions<LiveEventsOptions> options, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem("/mqtt takes a WebSocket upgrade (MQTT over WebSocket).", statusCode: StatusCodes.Status400BadRequest);
        }
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        if (requested.Count > 0 && !requested.Contains(MqttSubProtocol))
        {
            return TypedResults.Problem($"/mqtt speaks the WebSocket subprotocol '{MqttSubProtocol}' only.", statusCode: StatusCodes.Status400BadRequest);
        }

        var logger = loggers.CreateLogger(typeof(LiveEventsApi));
        var client = ClientAddress(context);
        var (admitted, evicted) = shares.Admit(client);
        if (admitted is null)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            return TypedResults.Problem(
                $"Every live-update connection is taken, and this address holds its share. Try again in {RetryAfterSeconds} s.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        using (admitted)
        {
            if (evicted is not null)
            {
                LogEvicted(logger, evicted.Client, client);
                evicted.Evict();
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync(requested.Count > 0 ? MqttSubProtocol : null);
            var page = new PageSession(socket, client, pages, options.Value, logger);
            using var eviction = admitted.Evicted.Register(() => page.Close(PageSession.TryAgainLater, "room made for another address"));
            await page.RunAsync(context.RequestAborted);
        }
        return TypedResults.Empty;
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

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Closed the oldest /mqtt connection of {Holder}, the address that holds the most, to let in a page from {Client}")]
    private static partial void LogEvicted(ILogger logger, IPAddress holder, IPAddress client);
}
