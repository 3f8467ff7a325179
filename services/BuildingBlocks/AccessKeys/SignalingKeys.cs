namespace Hiroba.AccessKeys;

/// <summary>
/// What a room's signaling key may look like, everywhere it is entered: in Rooms (the room's key) and in the camera
/// bridge (the key it presents for an Ayame-mode camera's room).
/// </summary>
public static class SignalingKeys
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    public const string Description = "8-128 characters without control characters";

    public static bool IsValid(string? key) => key is { Length: >= MinLength and <= MaxLength } && !key.Any(char.IsControl);
}
