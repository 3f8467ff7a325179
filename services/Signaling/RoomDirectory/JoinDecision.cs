namespace Hiroba.Signaling.RoomDirectory;

public enum JoinRefusal
{
    None,
    RoomClosed,
    UnknownRoom,
    InvalidKey,
}

/// <summary>Whether a peer may enter a room, and under which policy.</summary>
public readonly record struct JoinDecision(RoomPolicy? Policy, JoinRefusal Refusal)
{
    public static JoinDecision Allow(RoomPolicy policy) => new(policy, JoinRefusal.None);

    public static JoinDecision Refuse(JoinRefusal refusal) => new(null, refusal);
}
