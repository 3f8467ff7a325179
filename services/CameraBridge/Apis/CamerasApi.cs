using System.Net.WebSockets;
using Hiroba.CameraBridge.Cameras;
using Hiroba.CameraBridge.Leadership;
using Hiroba.CameraBridge.Status;
using Hiroba.CameraBridge.Viewing;
using Hiroba.ServiceDefaults;
using Hiroba.ServiceDefaults.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Apis;

/// <summary>The cameras (signed-in users), their status, watching one, and the admin's additions (docs/cameras.md).</summary>
public static class CamerasApi
{
    public static IEndpointRouteBuilder MapCamerasApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cameras").RequireAuthorization(HirobaRoles.Viewer).AddEndpointFilter<StandbyFilter>();
        api.MapGet("/", ListCameras);
        api.MapGet("/" + CameraIds.StatusStreamSegment, StreamStatus);
        api.MapGet("/{id}", GetCamera);
        api.MapGet("/{id}/status", GetStatus);
        api.MapPost("/", AddCameraAsync).RequireAuthorization(HirobaRoles.Admin);
        api.MapDelete("/{id}", RemoveCameraAsync).RequireAuthorization(HirobaRoles.Admin);
        app.MapGet("/ws/cameras/{id}", WatchAsync).RequireAuthorization(HirobaRoles.Viewer).AddEndpointFilter<StandbyFilter>();
        return app;
    }

    public static Ok<CameraView[]> ListCameras(HttpContext context, CameraRegistry registry, CameraStatusBoard board)
    {
        var forAdmin = context.User.IsInRole(HirobaRoles.Admin);
        return TypedResults.Ok(registry.All.Select(camera => CameraView.From(camera, board.StatusOf(camera), forAdmin)).ToArray());
    }

    /// <summary>Server-Sent Events: a <c>status</c> event for every camera, then one for each change.</summary>
    public static Results<ServerSentEventsResult<byte[]>, ProblemHttpResult> StreamStatus(HttpContext context, CameraStatusFeed feed) =>
        feed.Open() is { } stream
            ? stream.ToResult(context, () => feed.Close(stream))
            : TypedResults.Problem("Too many camera status streams are open; try again later.", statusCode: StatusCodes.Status503ServiceUnavailable);

    public static Results<Ok<CameraView>, ProblemHttpResult> GetCamera(string id, HttpContext context, CameraRegistry registry, CameraStatusBoard board) =>
        registry.Find(id) is { } camera
            ? TypedResults.Ok(CameraView.From(camera, board.StatusOf(camera), context.User.IsInRole(HirobaRoles.Admin)))
            : CameraNotFound(id);

    public static Results<Ok<CameraStatusReport>, ProblemHttpResult> GetStatus(string id, CameraRegistry registry, CameraStatusBoard board) =>
        registry.Find(id) is { } camera ? TypedResults.Ok(board.StatusOf(camera)) : CameraNotFound(id);

    /// <summary>
    /// Watching: a WebSocket the bridge relays to the camera's configured address (the path's id is the only thing the
    /// browser chooses), ended when the viewer's session signs out. Protocol in docs/cameras.md.
    /// </summary>
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> WatchAsync(
        string id, HttpContext context, [AsParameters] WatchServices services)
    {
        if (services.Registry.Find(id) is not { } camera)
        {
            return CameraNotFound(id);
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem("Open this address as a WebSocket (see docs/cameras.md).", statusCode: StatusCodes.Status400BadRequest);
        }
        var keepAlive = services.Options.Value.KeepAliveInterval;
        using var session = services.Sessions.Open(context);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = keepAlive, KeepAliveTimeout = keepAlive });
        await services.Viewing.RunAsync(camera, socket, session?.Ended ?? CancellationToken.None, services.Lifetime.ApplicationStopping);
        return TypedResults.Empty;
    }

    public static async Task<Results<Created<CameraView>, ValidationProblem, ProblemHttpResult>> AddCameraAsync(
        CameraDefinition request, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new Dictionary<string, string[]>();
        var camera = CameraRules.Validate(request, request.Id ?? CameraIds.Create(), CameraSource.Admin, problems);
        if (camera?.Endpoint is AyameRoomEndpoint && services.Options.Value.SignalingUrl is null)
        {
            problems["ayameRoomId"] = ["This bridge has no Cameras:SignalingUrl, so it cannot show cameras in Ayame mode."];
        }
        if (camera is null || problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        return await services.Registry.AddAsync(camera, cancellationToken) switch
        {
            AddCameraResult.IdTaken => TypedResults.Problem($"A camera with id '{camera.Id}' exists already.", statusCode: StatusCodes.Status409Conflict),
            AddCameraResult.Full => TypedResults.Problem(
                $"The bridge holds its most cameras ({services.Options.Value.MaxCameras}, {CamerasOptions.SectionName}:MaxCameras).",
                statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Created($"/api/cameras/{camera.Id}", CameraView.From(camera, services.Board.StatusOf(camera), forAdmin: true)),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveCameraAsync(
        string id, CameraRegistry registry, CancellationToken cancellationToken) =>
        await registry.RemoveAsync(id, cancellationToken) switch
        {
            RemoveCameraResult.NotFound => CameraNotFound(id),
            RemoveCameraResult.Configured => TypedResults.Problem(
                $"Camera '{id}' comes from configuration ({CamerasOptions.SectionName}:Items); remove it there.",
                statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.NoContent(),
        };

    private static ProblemHttpResult CameraNotFound(string id) =>
        TypedResults.Problem($"There is no camera '{id}'.", statusCode: StatusCodes.Status404NotFound);
}

public sealed record WatchServices(
    CameraRegistry Registry, CameraViewing Viewing, SessionConnections Sessions, IOptions<ViewingOptions> Options, IHostApplicationLifetime Lifetime);

public sealed record AdminServices(CameraRegistry Registry, CameraStatusBoard Board, IOptions<CamerasOptions> Options);
