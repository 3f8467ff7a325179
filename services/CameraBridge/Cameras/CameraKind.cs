namespace Hiroba.CameraBridge.Cameras;

/// <summary>How the bridge reaches a camera: Momo's own modes.</summary>
public enum CameraKind
{
    /// <summary><c>momo p2p</c>: the bridge dials Momo's <c>/ws</c>; one viewer per connection.</summary>
    P2p,

    /// <summary><c>momo ayame</c>: Momo dials Signaling's <c>/signaling</c> and waits in its room for a viewer.</summary>
    Ayame,
}
