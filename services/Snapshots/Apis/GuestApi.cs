using Hiroba.Contracts.Rooms;
using Hiroba.Snapshots.Images;
using Hiroba.Snapshots.Storage;
using Hiroba.Snapshots.Wall;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hiroba.Snapshots.Apis;

/// <summary>What a guest page does: learn the room, join, upload snapshots, say how it is doing.</summary>
public static partial class GuestApi
{
    public const string TokenHeader = "X-Guest-Token";
    public const int MaxNameLength = 40;

    public static RouteGroupBuilder MapGuestEndpoints(this RouteGroupBuilder room)
    {
        room.MapGet("/", GetRoom);
        room.MapPost("/guests", JoinAsync).RequireRateLimiting(JoinRateLimitOptions.PolicyName);
        room.MapGet("/guests/{guestId}", GetGuestAsync);
        room.MapPut("/guests/{guestId}", UploadAsync);
        room.MapPost("/guests/{guestId}/state", ChangeStateAsync);
        room.MapPost("/guests/{guestId}/heartbeat", HeartbeatAsync);
        return room;
    }

    /// <summary>The title and snapshot interval anyone with the guest link may know.</summary>
    public static Results<Ok<RoomView>, ProblemHttpResult> GetRoom(string room, WallService wall, WallRegistry registry) =>
        RoomIds.IsValid(room) && registry.Find(room) is { } found
            ? TypedResults.Ok(wall.ViewOf(found).Room)
            : WallProblems.For(WallRefusal.RoomNotFound, room);

    public static async Task<Results<Created<JoinedGuest>, ValidationProblem, ProblemHttpResult>> JoinAsync(
        string room, JoinRequest request, WallService wall, ILoggerFactory loggers)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["name"] = [$"Give a name of 1-{MaxNameLength} characters."] });
        }
        if (!RoomIds.IsValid(room))
        {
            return WallProblems.For(WallRefusal.RoomNotFound, room);
        }
        var (joined, token, refusal) = await wall.JoinAsync(room, name);
        if (joined is null)
        {
            return WallProblems.For(refusal, room);
        }
        return TypedResults.Created($"/api/snapshots/rooms/{joined.Room.Id}/guests/{joined.Guest.Id}",
            new JoinedGuest(joined.Guest.Id, token!, joined.Guest, joined.Room));
    }

    /// <summary>The guest's own panel and room, for a reloaded guest page (also once the room closed).</summary>
    public static async Task<Results<Ok<GuestSelfView>, ProblemHttpResult>> GetGuestAsync(string room, string guestId, HttpContext context, WallService wall)
    {
        var access = await AuthenticateAsync(room, guestId, context, wall);
        return access.Guest is not null
            ? TypedResults.Ok(wall.SelfOf(access.Room!, access.Guest))
            : WallProblems.For(access.Refusal, room);
    }

    /// <summary>
    /// Stores the request body as the guest's latest snapshot. Checks, in order: the room is open, the token is the
    /// guest's, the guest's rate, the size and the type by magic bytes. A refused upload changes nothing, and its body
    /// is read to the end before the answer (<see cref="UploadBody"/>).
    /// </summary>
    public static async Task<Results<Created<SnapshotView>, ProblemHttpResult>> UploadAsync(
        string room, string guestId, HttpContext context, WallService wall, ImageFolder images, IOptions<SnapshotsOptions> options,
        CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxImageBytes;
        UploadBody.TakeOverLimit(context.Request);
        var access = await AuthenticateUploadAsync(room, guestId, context, wall);
        if (access.Refusal != WallRefusal.None)
        {
            UploadMetrics.NotStored("refused");
            return await RefuseAsync(context.Request, WallProblems.For(access.Refusal, room), maxBytes, cancellationToken);
        }
        var upload = await UploadReceiver.ReceiveAsync(context.Request, images.NewIncomingPath(), maxBytes, cancellationToken);
        if (upload.TooLarge)
        {
            UploadMetrics.NotStored("too_large");
            return await RefuseAsync(context.Request,
                WallProblems.Problem(StatusCodes.Status413PayloadTooLarge, $"Images may have at most {maxBytes} bytes."), maxBytes, cancellationToken);
        }
        if (!upload.IsAccepted)
        {
            UploadMetrics.NotStored("unsupported");
            return await RefuseAsync(context.Request,
                WallProblems.Problem(StatusCodes.Status415UnsupportedMediaType, upload.Inspection.Problem!), maxBytes, cancellationToken);
        }
        var (snapshot, refusal) = await wall.StoreAsync(access.Room!, access.Guest!, upload);
        if (snapshot is null)
        {
            UploadMetrics.NotStored("refused");
            return WallProblems.For(refusal, room);
        }
        UploadMetrics.Stored(snapshot.Size);
        return TypedResults.Created($"/api/snapshots/rooms/{access.Room!.Id}/snapshots/{snapshot.Id}", SnapshotView.From(snapshot));
    }

    private static async Task<ProblemHttpResult> RefuseAsync(HttpRequest request, ProblemHttpResult problem, long maxBytes, CancellationToken cancellationToken)
    {
        await UploadBody.DiscardAsync(request, maxBytes, cancellationToken);
        return problem;
    }

    public static async Task<Results<Ok<GuestView>, ValidationProblem, ProblemHttpResult>> ChangeStateAsync(
        string room, string guestId, GuestStateRequest request, HttpContext context, WallService wall)
    {
        var errors = new Dictionary<string, string[]>();
        GuestStatus? status = null;
        GuestHand? hand = null;
        if (request.Status is not null)
        {
            if (WallNames.TryParse<GuestStatus>(request.Status, out var parsed) && parsed != GuestStatus.Joined)
            {
                status = parsed;
            }
            else
            {
                errors["status"] = ["Use sharing, paused, stopped or left."];
            }
        }
        if (request.Hand is not null)
        {
            if (WallNames.TryParse<GuestHand>(request.Hand, out var parsed))
            {
                hand = parsed;
            }
            else
            {
                errors["hand"] = ["Use none, stuck or done."];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var access = await AuthenticateAsync(room, guestId, context, wall);
        if (access.Refusal != WallRefusal.None)
        {
            return WallProblems.For(access.Refusal, room);
        }
        return await wall.ChangeStateAsync(access.Room!, access.Guest!, status, hand) is { } changed
            ? TypedResults.Ok(changed)
            : WallProblems.For(WallRefusal.GuestNotFound, room);
    }

    /// <summary>
    /// The guest page is open: sent every <see cref="SnapshotsOptions.GuestHeartbeat"/> whatever it is doing, and instead of
    /// a snapshot when the shared screen is unchanged. No image, but the host knows the guest is still there. The answer
    /// is the guest as the wall has it, so the page sees when the wall lacks its last snapshot or state (another process
    /// of the service took the workshop over, or gave it back: docs/scaling.md) and sends them again.
    /// </summary>
    public static async Task<Results<Ok<GuestView>, ProblemHttpResult>> HeartbeatAsync(
        string room, string guestId, HttpContext context, WallService wall)
    {
        var access = await AuthenticateUploadAsync(room, guestId, context, wall);
        if (access.Refusal != WallRefusal.None)
        {
            return WallProblems.For(access.Refusal, room);
        }
        return wall.Heartbeat(access.Room!, access.Guest!) is { } guest
            ? TypedResults.Ok(guest)
            : WallProblems.For(WallRefusal.GuestNotFound, room);
    }

    /// <summary>The guest's token, and its rate: every upload and heartbeat counts (a refusal says when to try again).</summary>
    private static async ValueTask<GuestAccess> AuthenticateUploadAsync(string room, string guestId, HttpContext context, WallService wall)
    {
        var access = await AuthenticateAsync(room, guestId, context, wall);
        if (access.Refusal != WallRefusal.None || wall.TryCountUpload(access.Room!, access.Guest!))
        {
            return access;
        }
        context.Response.Headers.RetryAfter = "1";
        return GuestAccess.Refused(WallRefusal.TooManyUploads);
    }

    /// <summary>The guest, when the token is its own; a closed room still says who the guest is, with the refusal.</summary>
    private static ValueTask<GuestAccess> AuthenticateAsync(string room, string guestId, HttpContext context, WallService wall) =>
        RoomIds.IsValid(room)
            ? wall.AuthenticateAsync(room, guestId, context.Request.Headers[TokenHeader].ToString())
            : ValueTask.FromResult(GuestAccess.Refused(WallRefusal.RoomNotFound));
}
