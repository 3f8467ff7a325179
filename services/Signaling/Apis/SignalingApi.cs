using System.Net;
using Hiroba.Signaling.Connections;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hiroba.Signaling.Apis;

public static class SignalingApi
{
    public static IEndpointRouteBuilder MapSignalingApi(this IEndpointRouteBuilder app)
    {
        app.Map(SignalingEndpoints.Calls, (HttpContext context, [AsParameters] ConnectionDependencies dependencies) =>
            RunAsync(context, dependencies, SignalingEndpoints.Calls));
        app.Map(SignalingEndpoints.Ayame, (HttpContext context, [AsParameters] ConnectionDependencies dependencies) =>
            RunAsync(context, dependencies, SignalingEndpoints.Ayame));
        // Ayame's health check: 200 with no body.
        app.MapGet("/.ok", () => TypedResults.Ok());
        return app;
    }

    /// <summary>
    /// Accepts the WebSocket (no subprotocol, as Ayame) and runs the connection until it ends. The client's address
    /// is the gateway's <c>X-Forwarded-For</c> where the gateway is trusted, else the connection's.
    /// </summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> RunAsync(
        HttpContext context, ConnectionDependencies dependencies, string endpoint)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem("This endpoint speaks WebSocket only.", statusCode: StatusCodes.Status400BadRequest);
        }
        var options = dependencies.Options.Value;
        var socket = new PeerSocket(await context.WebSockets.AcceptWebSocketAsync(), options.SendQueueMessages, options.SendQueueBytes);
        await dependencies.Router.RunAsync(
            endpoint, socket, context.Connection.RemoteIpAddress ?? IPAddress.None, dependencies.Lifetime.ApplicationStopping);
        return TypedResults.Empty;
    }
}

public sealed record ConnectionDependencies(IConnectionRouter Router, IOptions<SignalingOptions> Options, IHostApplicationLifetime Lifetime);
