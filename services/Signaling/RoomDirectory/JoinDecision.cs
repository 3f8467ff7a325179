namespace Hiroba.Signaling.RoomDirectory;

public enum JoinRefusal
{
    None,
    RoomClosed,
    UnknownRoom,
    InvalidKey,

    /// <summary>Rooms has not yet told this instance every open room, and this one is not among those it did.</summary>
    DirectoryIncomplete,

    /// <summary>The client's address has opened <c>Signaling:AdHocRoomsPerAddress</c> ad-hoc rooms that are still open.</summary>
    TooManyRooms,
}

/// <summary>Whether a peer may enter a room, and under which policy.</summary>
public readonly record struct JoinDecision(RoomPolicy? Policy, JoinRefusal Refusal)
{
    public static JoinDecision Allow(RoomPolicy policy) => new(policy, JoinRefusal.None);

    public static JoinDecision Refuse(JoinRefusal refusal) => new(null, refusal);
}
