using Hiroba.AccessKeys;
using Hiroba.Contracts.Rooms;
using Hiroba.ServiceDefaults;
using Hiroba.Snapshots.Wall;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hiroba.Snapshots.Apis;

/// <summary>
/// Who may see a wall: whoever holds the room's host key (header <c>X-Host-Key</c>, checked against the hash from
/// <c>rooms.room-opened</c>), or the signed-in admin. Nothing of the room but its existence is revealed otherwise.
/// </summary>
public static class HostAccessCheck
{
    public const string HeaderName = "X-Host-Key";

    /// <returns>The room, or the problem to answer with (404, 401 without a key, 403 with a wrong one).</returns>
    public static (WorkshopRoom? Room, ProblemHttpResult? Problem) Check(HttpContext context, WallRegistry registry, string roomId)
    {
        if (!RoomIds.IsValid(roomId) || registry.Find(roomId) is not { } room)
        {
            return (null, WallProblems.For(WallRefusal.RoomNotFound, roomId));
        }
        var presented = context.Request.Headers[HeaderName].ToString();
        if (presented.Length > 0 ? AccessKey.Matches(room.HostKeyHash, presented) : context.User.IsInRole(HirobaRoles.Admin))
        {
            return (room, null);
        }
        return (null, presented.Length == 0
            ? WallProblems.Problem(StatusCodes.Status401Unauthorized, $"Send the host key in the {HeaderName} header.")
            : WallProblems.Problem(StatusCodes.Status403Forbidden, $"That is not the host key of workshop '{room.Id}'."));
    }
}
