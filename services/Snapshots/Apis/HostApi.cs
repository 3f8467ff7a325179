using System.Globalization;
using Hiroba.Snapshots.Storage;
using Hiroba.Snapshots.Wall;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Hiroba.ServiceDefaults.ServerSentEvents;

namespace Hiroba.Snapshots.Apis;

/// <summary>
/// What the host page reads (the wall, the images and the live stream of wall events) and does (remove a guest). Host
/// key or admin only.
/// </summary>
public static class HostApi
{
    /// <summary>A snapshot id names one image for good, so browsers may keep it as long as they like.</summary>
    private const string ImmutableCaching = "private, max-age=31536000, immutable";

    public static RouteGroupBuilder MapHostEndpoints(this RouteGroupBuilder room)
    {
        room.MapGet("/wall", GetWall);
        room.MapGet("/snapshots/{snapshotId}", GetImage);
        room.MapGet("/events", StreamEvents);
        room.MapDelete("/guests/{guestId}", RemoveGuestAsync);
        return room;
    }

    public static Results<Ok<WallView>, ProblemHttpResult> GetWall(string room, HttpContext context, WallRegistry registry, WallService wall)
    {
        var (found, problem) = HostAccessCheck.Check(context, registry, room);
        return problem ?? (Results<Ok<WallView>, ProblemHttpResult>)TypedResults.Ok(wall.ViewOf(found!));
    }

    public static Results<PhysicalFileHttpResult, ProblemHttpResult> GetImage(
        string room, string snapshotId, HttpContext context, WallRegistry registry, WallService wall, ImageFolder images)
    {
        var (found, problem) = HostAccessCheck.Check(context, registry, room);
        if (problem is not null)
        {
            return problem;
        }
        var snapshot = wall.FindSnapshot(found!, snapshotId);
        var path = snapshot is null ? null : images.PathOf(found!.Id, snapshot);
        if (path is null || !File.Exists(path))
        {
            return WallProblems.Problem(StatusCodes.Status404NotFound, $"Workshop '{found!.Id}' keeps no snapshot '{snapshotId}'.");
        }
        context.Response.Headers.CacheControl = ImmutableCaching;
        return TypedResults.PhysicalFile(path, Images.ImageFormats.ContentType(snapshot!.Format), lastModified: snapshot.TakenAt,
            entityTag: new EntityTagHeaderValue(string.Create(CultureInfo.InvariantCulture, $"\"{snapshot.Id}\"")));
    }

    /// <summary>Takes a guest off the wall: its token stops working, its seat is free, its images are deleted.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveGuestAsync(
        string room, string guestId, HttpContext context, WallRegistry registry, WallService wall)
    {
        var (found, problem) = HostAccessCheck.Check(context, registry, room);
        if (problem is not null)
        {
            return problem;
        }
        return await wall.RemoveGuestAsync(found!, guestId) ? TypedResults.NoContent() : WallProblems.For(WallRefusal.GuestNotFound, found!.Id);
    }

    /// <summary>
    /// Server-Sent Events of the wall. Resumes after <c>Last-Event-ID</c> (header, or the <c>lastEventId</c> query
    /// parameter for a first connection) when the room still has the events since; otherwise starts with the whole
    /// wall as a <c>wall</c> event.
    /// </summary>
    public static IResult StreamEvents(string room, string? lastEventId, HttpContext context, WallRegistry registry, WallService wall)
    {
        var (found, problem) = HostAccessCheck.Check(context, registry, room);
        if (problem is not null)
        {
            return problem;
        }
        var resumeFrom = context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? lastEventId;
        var stream = wall.OpenStream(found!, resumeFrom);
        return stream is null
            ? WallProblems.Problem(StatusCodes.Status429TooManyRequests, $"Workshop '{found!.Id}' has too many host pages open.")
            : stream.ToResult(context, () => wall.CloseStream(found!, stream));
    }
}
