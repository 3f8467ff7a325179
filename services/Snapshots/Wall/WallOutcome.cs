namespace Hiroba.Snapshots.Wall;

/// <summary>Why a guest's request to the wall did not go through; the API turns each into a status code.</summary>
public enum WallRefusal
{
    None,
    RoomNotFound,
    RoomClosed,
    RoomFull,
    GuestNotFound,
    TokenMissing,
    TokenWrong,
    TooManyUploads,
    OverDiskBudget,
}
