using Hiroba.Snapshots.Wall;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hiroba.Snapshots.Apis;

/// <summary>The problem details answer for each way a request to the wall is refused.</summary>
public static class WallProblems
{
    public static ProblemHttpResult For(WallRefusal refusal, string roomId) => refusal switch
    {
        WallRefusal.RoomNotFound => Problem(StatusCodes.Status404NotFound, $"There is no workshop '{roomId}' (yet)."),
        WallRefusal.RoomClosed => Problem(StatusCodes.Status410Gone, $"Workshop '{roomId}' is closed."),
        WallRefusal.RoomFull => Problem(StatusCodes.Status409Conflict, $"Workshop '{roomId}' is full."),
        WallRefusal.TooManyGuests => Problem(StatusCodes.Status409Conflict,
            $"Workshop '{roomId}' has had too many guests; the host can remove those who left."),
        WallRefusal.GuestNotFound => Problem(StatusCodes.Status404NotFound, "This workshop has no such guest (the host may have removed it)."),
        WallRefusal.TokenMissing => Problem(StatusCodes.Status401Unauthorized, $"Send the guest token in the {GuestApi.TokenHeader} header."),
        WallRefusal.TokenWrong => Problem(StatusCodes.Status403Forbidden, "This guest token belongs to another guest."),
        WallRefusal.TooManyUploads => Problem(StatusCodes.Status429TooManyRequests, "Too many uploads from this guest; try again in 1 s."),
        WallRefusal.OverDiskBudget => Problem(StatusCodes.Status507InsufficientStorage, $"Workshop '{roomId}' has used up its disk space."),
        _ => Problem(StatusCodes.Status500InternalServerError, "Unexpected refusal."),
    };

    public static ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail, statusCode: status);
}
