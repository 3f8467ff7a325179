namespace Hiroba.Contracts.Rooms;

/// <summary>What a room id may look like, everywhere: it appears in URLs, topics' payloads and logs.</summary>
public static class RoomIds
{
    public const int MaxLength = 64;

    public const string Description = "1-64 characters: letters, digits, '-', '_', '.' or '@'";

    public static bool IsValid(string? roomId) =>
        roomId is { Length: > 0 and <= MaxLength }
        && roomId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@');
}
