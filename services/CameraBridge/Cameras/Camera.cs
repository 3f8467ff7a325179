namespace Hiroba.CameraBridge.Cameras;

/// <summary>A camera the bridge shows, validated (see <see cref="CameraRules"/>).</summary>
public sealed record Camera(string Id, string Name, CameraSource Source, CameraEndpoint Endpoint)
{
    public CameraKind Kind => Endpoint is MomoP2pEndpoint ? CameraKind.P2p : CameraKind.Ayame;
}

/// <summary>Where the camera is; the bridge dials nothing else for it.</summary>
public abstract record CameraEndpoint;

/// <param name="Url">Momo's p2p WebSocket, e.g. <c>ws://192.168.1.20:8080/ws</c>.</param>
public sealed record MomoP2pEndpoint(Uri Url) : CameraEndpoint;

/// <param name="RoomId">The Ayame room Momo registers in (<c>--room-id</c>).</param>
/// <param name="SignalingKey">The room's signaling key (<c>--signaling-key</c>); the viewer's side presents it too.</param>
public sealed record AyameRoomEndpoint(string RoomId, string SignalingKey) : CameraEndpoint;
