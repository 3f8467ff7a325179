using System.Net.WebSockets;
using Hiroba.ServiceDefaults;

namespace Hiroba.CameraBridge.Viewing;

/// <summary>How a viewing session ended: what the browser is told, with which close status (and reason), and what the log says.</summary>
public sealed record SessionEnd(EndReason? TellBrowser, WebSocketCloseStatus BrowserCloseStatus, string Description, string? BrowserCloseReason = null)
{
    public static readonly SessionEnd ViewerLeft = new(null, WebSocketCloseStatus.NormalClosure, "the viewer left");

    public static readonly SessionEnd CameraLeft = new(EndReason.CameraLeft, WebSocketCloseStatus.NormalClosure, "the camera's side ended");

    public static readonly SessionEnd Stopping = new(EndReason.Stopping, WebSocketCloseStatus.EndpointUnavailable, "the bridge is stopping");

    public static readonly SessionEnd SignedOut = new(
        EndReason.SignedOut, SessionConnection.EndedCloseStatus, "the viewer's session signed out", SessionConnection.EndedMessage);

    public static SessionEnd BadMessage(string what) => new(EndReason.BadMessage, WebSocketCloseStatus.PolicyViolation, what);
}
