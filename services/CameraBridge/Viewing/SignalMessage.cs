using System.Text.Json;

namespace Hiroba.CameraBridge.Viewing;

/// <summary>
/// A message of Momo's p2p protocol or of Ayame's (the same shapes: protocols.md §1 and §2), read strictly: only the
/// members the bridge uses, each with its type checked. Unknown members are ignored.
/// </summary>
/// <param name="IceServersJson">An <c>accept</c>'s <c>iceServers</c> array, as received.</param>
public sealed record SignalMessage(string Type, string? Sdp, IceCandidate? Ice, bool? IsExistUser, string? Reason, string? IceServersJson)
{
    public const int MaxSdpLength = 60 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    /// <returns>Null for anything but a JSON object with a string <c>type</c>.</returns>
    public static SignalMessage? TryRead(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            var message = document.RootElement;
            if (message.ValueKind != JsonValueKind.Object || String(message, "type") is not { } type)
            {
                return null;
            }
            var ice = message.TryGetProperty("ice", out var candidate) && candidate.ValueKind == JsonValueKind.Object
                ? IceCandidate.TryCreate(String(candidate, "candidate"), String(candidate, "sdpMid"), Int(candidate, "sdpMLineIndex"))
                : null;
            return new SignalMessage(
                type,
                String(message, "sdp") is { Length: <= MaxSdpLength } sdp ? sdp : null,
                ice,
                message.TryGetProperty("isExistUser", out var flag) && flag.ValueKind is JsonValueKind.True or JsonValueKind.False ? flag.GetBoolean() : null,
                String(message, "reason"),
                message.TryGetProperty("iceServers", out var servers) && servers.ValueKind == JsonValueKind.Array ? servers.GetRawText() : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}
