using Hiroba.ServiceDefaults;

namespace Hiroba.CameraBridge.Viewing;

/// <summary>Why a viewing session ends, as the browser is told in <c>{"type":"end","reason":...}</c>.</summary>
public enum EndReason
{
    /// <summary>Someone else watches the camera (one viewer per Momo connection).</summary>
    Busy,

    /// <summary>The camera cannot be reached, or is not in its Ayame room.</summary>
    Offline,

    /// <summary>The camera's side ended (Momo closed its WebSocket, or its Ayame room was torn down).</summary>
    CameraLeft,

    /// <summary>The camera's Ayame room refused the bridge, Signaling is not configured or unreachable, or Janus failed a shared camera.</summary>
    Unavailable,

    /// <summary>The browser sent something the bridge does not accept.</summary>
    BadMessage,

    /// <summary>The bridge is shutting down.</summary>
    Stopping,

    /// <summary>The viewer's session signed out (here or in another tab).</summary>
    SignedOut,

    /// <summary>A shared camera has <c>Cameras:Sharing:MaxViewers</c> viewers already.</summary>
    TooManyViewers,
}

public static class EndReasons
{
    public static string Code(EndReason reason) => reason switch
    {
        EndReason.Busy => "busy",
        EndReason.Offline => "offline",
        EndReason.CameraLeft => "camera-left",
        EndReason.Unavailable => "unavailable",
        EndReason.BadMessage => "bad-message",
        EndReason.SignedOut => "signed-out",
        EndReason.TooManyViewers => "too-many-viewers",
        _ => "stopping",
    };

    public static string Message(EndReason reason) => reason switch
    {
        EndReason.Busy => "This camera is busy: someone else is watching it. Try again when they are done.",
        EndReason.Offline => "This camera is offline.",
        EndReason.CameraLeft => "The camera ended the connection.",
        EndReason.Unavailable => "The camera cannot be reached right now.",
        EndReason.BadMessage => "The page sent a message the camera bridge does not accept.",
        EndReason.SignedOut => SessionConnection.EndedMessage,
        EndReason.TooManyViewers => "This camera has as many viewers as it is shared with. Try again when someone leaves.",
        _ => "The camera bridge is restarting.",
    };
}
