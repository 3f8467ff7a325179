using System.Security.Cryptography;
using Hiroba.AccessKeys;
using Hiroba.Contracts.Rooms;
using Hiroba.Rooms.Data;
using Hiroba.Rooms.Model;
using Hiroba.ServiceDefaults;
using Hiroba.Turn;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Hiroba.Rooms.Apis;

public static partial class RoomsApi
{
    public static RouteGroupBuilder MapRoomsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rooms");
        api.MapGet("/" + RoomRoutes.IceServers, GetIceServers);
        api.MapPost("/", CreateRoomAsync).RequireAuthorization(HirobaRoles.Admin);
        api.MapGet("/", ListRoomsAsync).RequireAuthorization(HirobaRoles.Admin);
        api.MapGet("/{id}", GetRoomAsync);
        api.MapDelete("/{id}", CloseRoomAsync).RequireAuthorization(HirobaRoles.Admin);
        api.MapGet("/{id}/host", CheckHostAsync);
        api.MapGet("/{id}/presence", GetPresenceAsync);
        return api;
    }

    /// <summary>STUN and TURN (UDP and TCP) with credentials valid for <c>Turn:CredentialLifetime</c>.</summary>
    public static Ok<IceServerList> GetIceServers(IceServerProvider iceServers) => TypedResults.Ok(iceServers.Create());

    public static async Task<Results<Created<CreatedRoom>, ValidationProblem, ProblemHttpResult>> CreateRoomAsync(
        CreateRoomRequest request, [AsParameters] RoomsServices services, CancellationToken cancellationToken)
    {
        var errors = CreateRoomValidation.Validate(request, services.Options.Value);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var kind = request.Kind ?? RoomKind.Workshop;
        var hostKey = AccessKey.Create();
        var room = new Room(
            request.Id ?? NewRoomId(),
            kind,
            request.Title!.Trim(),
            request.Capacity ?? (kind == RoomKind.Call ? services.Options.Value.CallCapacity : services.Options.Value.WorkshopCapacity),
            AccessKey.Hash(hostKey),
            request.SignalingKey is null ? null : AccessKey.Hash(request.SignalingKey),
            AdHoc: false,
            services.TimeProvider.GetUtcNow(),
            ClosedAt: null,
            kind == RoomKind.Workshop ? request.SnapshotIntervalSeconds ?? SnapshotIntervals.DefaultSeconds : null);
        if (!await services.Rooms.TryAddAsync(room, cancellationToken))
        {
            return TypedResults.Problem($"Room '{room.Id}' exists already.", statusCode: StatusCodes.Status409Conflict);
        }

        LogRoomCreated(services.Logger, room.Id, room.Kind, room.Capacity);
        services.Announcer.AnnounceOpened(room);
        return TypedResults.Created($"/api/rooms/{room.Id}", new CreatedRoom(RoomInfo.From(room), hostKey));
    }

    public static async Task<Ok<RoomOverview[]>> ListRoomsAsync(
        IRoomRepository rooms, IPresenceRepository presence, IScreenActivityRepository screens, CancellationToken cancellationToken)
    {
        var open = await rooms.ListOpenAsync(cancellationToken);
        var peers = (await presence.ListAsync(roomId: null, cancellationToken))
            .CountBy(peer => peer.RoomId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(StringComparer.OrdinalIgnoreCase);
        var activity = await screens.ListAsync(cancellationToken);
        return TypedResults.Ok(open
            .Select(room => new RoomOverview(
                RoomInfo.From(room), room.AdHoc, peers.GetValueOrDefault(room.Id), activity.GetValueOrDefault(room.Id)))
            .ToArray());
    }

    public static async Task<Results<Ok<RoomInfo>, ProblemHttpResult>> GetRoomAsync(
        string id, IRoomRepository rooms, CancellationToken cancellationToken) =>
        await FindAsync(rooms, id, cancellationToken) is { } room
            ? TypedResults.Ok(RoomInfo.From(room))
            : RoomNotFound(id);

    /// <summary>Closes the room for good; Signaling sends its peers away.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> CloseRoomAsync(
        string id, [AsParameters] RoomsServices services, CancellationToken cancellationToken)
    {
        var closed = RoomIds.IsValid(id)
            ? await services.Rooms.CloseAsync(id, services.TimeProvider.GetUtcNow(), cancellationToken)
            : null;
        if (closed is null)
        {
            return TypedResults.Problem($"There is no open room '{id}'.", statusCode: StatusCodes.Status404NotFound);
        }

        LogRoomClosed(services.Logger, closed.Id);
        services.Announcer.AnnounceClosed(closed);
        return TypedResults.NoContent();
    }

    /// <summary>Checks a host key (header <c>X-Host-Key</c>) without revealing anything else.</summary>
    public static async Task<Results<Ok<HostAccess>, ProblemHttpResult>> CheckHostAsync(
        string id, HttpContext context, IRoomRepository rooms, CancellationToken cancellationToken)
    {
        if (await FindAsync(rooms, id, cancellationToken) is not { } room)
        {
            return RoomNotFound(id);
        }
        return HostKeyCheck.RoleOf(context, room) is { } role
            ? TypedResults.Ok(new HostAccess(room.Id, role))
            : NotHost(room.Id);
    }

    public static async Task<Results<Ok<RoomPresence>, ProblemHttpResult>> GetPresenceAsync(
        string id, HttpContext context, IRoomRepository rooms, IPresenceRepository presence, CancellationToken cancellationToken)
    {
        if (await FindAsync(rooms, id, cancellationToken) is not { } room)
        {
            return RoomNotFound(id);
        }
        if (HostKeyCheck.RoleOf(context, room) is null)
        {
            return NotHost(room.Id);
        }
        var peers = await presence.ListAsync(room.Id, cancellationToken);
        return TypedResults.Ok(new RoomPresence(room.Id, peers
            .Select(peer => new PresentPeer(peer.PeerId, peer.DisplayName, peer.ClientKind, peer.JoinedAt))
            .ToArray()));
    }

    private static async Task<Room?> FindAsync(IRoomRepository rooms, string id, CancellationToken cancellationToken) =>
        RoomIds.IsValid(id) ? await rooms.FindAsync(id, cancellationToken) : null;

    private static ProblemHttpResult RoomNotFound(string id) =>
        TypedResults.Problem($"There is no room '{id}'.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult NotHost(string id) =>
        TypedResults.Problem($"Send room {id}'s host key in the {HostKeyCheck.HeaderName} header, or sign in as admin.",
            statusCode: StatusCodes.Status403Forbidden);

    /// <summary>12 lower-case letters and digits (about 62 bits): unguessable enough for a room link.</summary>
    private static string NewRoomId() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);

    [LoggerMessage(LogLevel.Information, "Room {RoomId} created ({Kind}, capacity {Capacity})")]
    private static partial void LogRoomCreated(ILogger logger, string roomId, RoomKind kind, int capacity);

    [LoggerMessage(LogLevel.Information, "Room {RoomId} closed")]
    private static partial void LogRoomClosed(ILogger logger, string roomId);
}

public sealed record RoomsServices(
    IRoomRepository Rooms,
    RoomAnnouncer Announcer,
    IOptions<RoomsOptions> Options,
    TimeProvider TimeProvider,
    ILogger<RoomsServices> Logger);
