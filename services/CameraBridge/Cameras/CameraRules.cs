using Hiroba.AccessKeys;
using Hiroba.Contracts.Rooms;

namespace Hiroba.CameraBridge.Cameras;

/// <summary>What makes a <see cref="CameraDefinition"/> a <see cref="Camera"/>: the same rules for configuration and the API.</summary>
public static class CameraRules
{
    public const int MaxNameLength = 100;

    /// <summary>Checks a definition; problems are keyed by field name (<c>id</c>, <c>name</c>, <c>url</c>, ...).</summary>
    /// <param name="id">The id to give the camera (the definition's, or a generated one).</param>
    /// <returns>The camera, or null with at least one problem.</returns>
    public static Camera? Validate(CameraDefinition definition, string id, CameraSource source, Dictionary<string, string[]> problems)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(problems);
        if (!CameraIds.IsValid(id))
        {
            problems["id"] = [$"A camera id has {CameraIds.Description}."];
        }
        var name = definition.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            problems["name"] = [$"Give a name of 1-{MaxNameLength} characters without control characters."];
        }

        var endpoint = (definition.Url, definition.AyameRoomId) switch
        {
            (not null, null) => P2pEndpoint(definition, problems),
            (null, not null) => AyameEndpoint(definition, problems),
            _ => Missing(problems),
        };
        return problems.Count == 0 ? new Camera(id, name!, source, endpoint!) : null;
    }

    private static MomoP2pEndpoint? P2pEndpoint(CameraDefinition definition, Dictionary<string, string[]> problems)
    {
        if (definition.SignalingKey is not null)
        {
            problems["signalingKey"] = ["Only a camera in Ayame mode (ayameRoomId) has a signaling key."];
        }
        if (!WebSocketUrls.TryParse(definition.Url, WebSocketUrls.MomoPath, out var url, out var error))
        {
            problems["url"] = [error];
            return null;
        }
        return new MomoP2pEndpoint(url);
    }

    private static AyameRoomEndpoint? AyameEndpoint(CameraDefinition definition, Dictionary<string, string[]> problems)
    {
        if (!RoomIds.IsValid(definition.AyameRoomId))
        {
            problems["ayameRoomId"] = [$"A room id has {RoomIds.Description}."];
        }
        if (!SignalingKeys.IsValid(definition.SignalingKey))
        {
            problems["signalingKey"] = [$"Give the room's signaling key: {SignalingKeys.Description}."];
        }
        return problems.Count == 0 ? new AyameRoomEndpoint(definition.AyameRoomId!, definition.SignalingKey!) : null;
    }

    private static CameraEndpoint? Missing(Dictionary<string, string[]> problems)
    {
        problems["url"] = ["Give either url (Momo in p2p mode) or ayameRoomId (Momo in Ayame mode), not both."];
        return null;
    }
}
