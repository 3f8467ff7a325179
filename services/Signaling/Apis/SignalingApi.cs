using Hiroba.Signaling.Ayame;
using Hiroba.Signaling.Calls;
using Hiroba.Signaling.Connections;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hiroba.Signaling.Apis;

public static class SignalingApi
{
    public static IEndpointRouteBuilder MapSignalingApi(this IEndpointRouteBuilder app)
    {
        app.Map("/ws/signaling", HandleCallAsync);
        app.Map("/signaling", HandleAyameAsync);
        // Ayame's health check: 200 with no body.
        app.MapGet("/.ok", () => TypedResults.Ok());
        return app;
    }

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> HandleCallAsync(
        HttpContext context, [AsParameters] ConnectionDependencies dependencies, LiveRooms<CallRoom> rooms, ILogger<CallPeer> logger)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return NotAWebSocket();
        }
        var peer = new CallPeer(await dependencies.AcceptAsync(context), dependencies.Peers, rooms, logger);
        await peer.RunAsync(dependencies.Lifetime.ApplicationStopping);
        return TypedResults.Empty;
    }

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> HandleAyameAsync(
        HttpContext context, [AsParameters] ConnectionDependencies dependencies, LiveRooms<AyameRoom> rooms, ILogger<AyamePeer> logger)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return NotAWebSocket();
        }
        var peer = new AyamePeer(await dependencies.AcceptAsync(context), dependencies.Peers, rooms, logger);
        await peer.RunAsync(dependencies.Lifetime.ApplicationStopping);
        return TypedResults.Empty;
    }

    private static ProblemHttpResult NotAWebSocket() =>
        TypedResults.Problem("This endpoint speaks WebSocket only.", statusCode: StatusCodes.Status400BadRequest);
}

public sealed record ConnectionDependencies(PeerServices Peers, IOptions<SignalingOptions> Options, IHostApplicationLifetime Lifetime)
{
    /// <summary>Accepts without a subprotocol (Ayame negotiates none either).</summary>
    public async Task<PeerSocket> AcceptAsync(HttpContext context)
    {
        var socket = await context.WebSockets.AcceptWebSocketAsync();
        return new PeerSocket(socket, Options.Value.SendQueueMessages, Options.Value.SendQueueBytes);
    }
}
