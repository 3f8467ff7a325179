using System.Security.Cryptography;

namespace Hiroba.CameraBridge.Cameras;

/// <summary>Camera ids appear in URLs (<c>/ws/cameras/{id}</c>), topics' payloads and logs.</summary>
public static class CameraIds
{
    public const int MaxLength = 64;

    /// <summary><c>/api/cameras/events</c> is the status stream, so no camera may be called that.</summary>
    public const string StatusStreamSegment = "events";

    public const string Description = "1-64 characters: letters, digits, '-', '_' or '.', and not 'events'";

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength }
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        && !string.Equals(id, StatusStreamSegment, StringComparison.OrdinalIgnoreCase);

    /// <summary>12 lower-case letters and digits, for a camera added without an id.</summary>
    public static string Create() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);
}
