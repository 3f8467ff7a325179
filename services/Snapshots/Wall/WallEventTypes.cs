namespace Hiroba.Snapshots.Wall;

/// <summary>The <c>event:</c> names of the host stream (docs/screen-wall.md).</summary>
public static class WallEventTypes
{
    /// <summary>The whole wall (<see cref="WallView"/>): replace everything shown. Sent when a stream cannot resume.</summary>
    public const string Wall = "wall";

    public const string GuestJoined = "guest-joined";
    public const string Snapshot = "snapshot";
    public const string Heartbeat = "heartbeat";
    public const string HandRaised = "hand-raised";
    public const string HandLowered = "hand-lowered";
    public const string Sharing = "sharing";
    public const string Paused = "paused";
    public const string Stopped = "stopped";
    public const string Left = "left";

    /// <summary>The host removed the guest: its panel leaves the wall.</summary>
    public const string GuestRemoved = "guest-removed";
    public const string RoomClosed = "room-closed";

    public static string ForStatus(GuestStatus status) => status switch
    {
        GuestStatus.Sharing => Sharing,
        GuestStatus.Paused => Paused,
        GuestStatus.Stopped => Stopped,
        GuestStatus.Left => Left,
        _ => GuestJoined,
    };
}
