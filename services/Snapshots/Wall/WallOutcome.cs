namespace Hiroba.Snapshots.Wall;

/// <summary>Why a guest's request to the wall did not go through; the API turns each into a status code.</summary>
public enum WallRefusal
{
    None,
    RoomNotFound,
    RoomClosed,
    RoomFull,

    /// <summary>The room keeps its most guests (<see cref="WorkshopRoom.GuestsPerSeat"/> per seat), those who left included.</summary>
    TooManyGuests,
    GuestNotFound,
    TokenMissing,
    TokenWrong,
    TooManyUploads,
    OverDiskBudget,
}
