namespace Hiroba.CameraBridge.Viewing;

/// <summary>The outcome of opening a <see cref="CameraLink"/>: the link, or why the viewer cannot watch now.</summary>
/// <param name="IceServersJson">ICE servers to give the browser (an Ayame room's, from <c>accept</c>).</param>
public sealed record LinkOpening(CameraLink? Link, string? IceServersJson, EndReason Refusal)
{
    public static LinkOpening Opened(CameraLink link, string? iceServersJson = null) => new(link, iceServersJson, default);

    public static LinkOpening Refused(EndReason reason) => new(null, null, reason);
}
