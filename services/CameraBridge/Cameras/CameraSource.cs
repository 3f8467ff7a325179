namespace Hiroba.CameraBridge.Cameras;

public enum CameraSource
{
    /// <summary>From <c>Cameras:Items</c>; changed only by changing the configuration.</summary>
    Configuration,

    /// <summary>Added by the admin through the API and kept in the bridge's database.</summary>
    Admin,
}
