namespace Hiroba.Snapshots.Wall;

/// <summary>A guest whose token was checked, in its room; or why not.</summary>
public sealed record GuestAccess(WorkshopRoom? Room, Guest? Guest, WallRefusal Refusal)
{
    public static GuestAccess Refused(WallRefusal refusal) => new(null, null, refusal);
}
