namespace Hiroba.CameraBridge.Cameras;

/// <summary>
/// A camera as an operator writes it (<c>Cameras:Items:n</c>) or the admin posts it (<c>POST /api/cameras</c>), not yet
/// validated: either <see cref="Url"/> (Momo in p2p mode) or <see cref="AyameRoomId"/> with <see cref="SignalingKey"/>
/// (Momo in Ayame mode).
/// </summary>
public sealed record CameraDefinition
{
    /// <summary>Optional in the API (a random one is given); required in configuration.</summary>
    public string? Id { get; init; }

    public string? Name { get; init; }

    /// <summary>Momo's p2p WebSocket, e.g. <c>ws://192.168.1.20:8080/ws</c> (the path defaults to <c>/ws</c>).</summary>
    public string? Url { get; init; }

    /// <summary>The room Momo registers in with <c>momo ayame --room-id</c>.</summary>
    public string? AyameRoomId { get; init; }

    /// <summary>That room's signaling key (<c>--signaling-key</c>); required, so nobody can join the room without it.</summary>
    public string? SignalingKey { get; init; }
}
