namespace Hiroba.Snapshots.Wall;

/// <summary>Where a guest's sharing stands, as the host sees it.</summary>
public enum GuestStatus
{
    /// <summary>Joined, not sharing yet.</summary>
    Joined,
    Sharing,
    Paused,

    /// <summary>Stopped sharing (the Stop button or the browser's own stop bar); the page is still open.</summary>
    Stopped,

    /// <summary>Closed the page.</summary>
    Left,
}

/// <summary>What a guest signals to the host.</summary>
public enum GuestHand
{
    None,
    Stuck,
    Done,
}

/// <summary>The lower-case names used in the API and the wall events.</summary>
public static class WallNames
{
    public static string Name(this GuestStatus status) => status.ToString().ToLowerInvariant();

    public static string Name(this GuestHand hand) => hand.ToString().ToLowerInvariant();

    public static bool TryParse<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        return name is not null && name.All(char.IsAsciiLetterLower) && Enum.TryParse(name, ignoreCase: true, out value);
    }
}
