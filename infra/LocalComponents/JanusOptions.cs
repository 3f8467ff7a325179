namespace Hiroba.LocalComponents;

/// <summary>How to run Janus as the media server of shared cameras: the VideoRoom plugin behind its REST API alone.</summary>
/// <param name="Directory">Folder for the generated configuration (created if missing; holds the API secret).</param>
/// <param name="ApiSecret">The secret every request to Janus's API must carry; only the camera bridge knows it.</param>
/// <param name="MediaAddress">The IPv4 address Janus gathers its ICE candidates on: 127.0.0.1, or the room's LAN address.</param>
/// <param name="ApiPort">The REST API's port on 127.0.0.1; 0 picks a free one.</param>
/// <param name="MediaPorts">The RTP ports; null picks a free block of <paramref name="MediaPortCount"/>.</param>
/// <param name="MediaPortCount">Size of the RTP port block (each PeerConnection takes one port).</param>
/// <param name="LibraryDirectory">Where Debian's package keeps the plugins and transports; null finds it.</param>
public sealed record JanusOptions(
    string Directory,
    string ApiSecret,
    string MediaAddress = "127.0.0.1",
    int ApiPort = 0,
    PortRange? MediaPorts = null,
    int MediaPortCount = 100,
    string? LibraryDirectory = null,
    Action<string>? OnOutputLine = null);
