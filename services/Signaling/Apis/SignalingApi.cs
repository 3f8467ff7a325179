using System.Net;
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

    public static Task<Results<EmptyHttpResult, ProblemHttpResult>> HandleCallAsync(
        HttpContext context, [AsParameters] ConnectionDependencies dependencies, LiveRooms<CallRoom> rooms, ILogger<CallPeer> logger) =>
        RunAsync(context, dependencies, (socket, address) => new CallPeer(socket, address, dependencies.Peers, rooms, logger));

    public static Task<Results<EmptyHttpResult, ProblemHttpResult>> HandleAyameAsync(
        HttpContext context, [AsParameters] ConnectionDependencies dependencies, LiveRooms<AyameRoom> rooms, ILogger<AyamePeer> logger) =>
        RunAsync(context, dependencies, (socket, address) => new AyamePeer(socket, address, dependencies.Peers, rooms, logger));

    /// <summary>
    /// Accepts the WebSocket (no subprotocol, as Ayame) and runs the connection until it ends. The client's address
    /// is the gateway's <c>X-Forwarded-For</c> where the gateway is trusted, else the connection's.
    /// </summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> RunAsync(
        HttpContext context, ConnectionDependencies dependencies, Func<PeerSocket, IPAddress, SignalingConnection> connect)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem("This endpoint speaks WebSocket only.", statusCode: StatusCodes.Status400BadRequest);
        }
        var options = dependencies.Options.Value;
        var socket = new PeerSocket(await context.WebSockets.AcceptWebSocketAsync(), options.SendQueueMessages, options.SendQueueBytes);
        await connect(socket, context.Connection.RemoteIpAddress ?? IPAddress.None).RunAsync(dependencies.Lifetime.ApplicationStopping);
        return TypedResults.Empty;
    }
}

public sealed record ConnectionDependencies(PeerServices Peers, IOptions<SignalingOptions> Options, IHostApplicationLifetime Lifetime);
