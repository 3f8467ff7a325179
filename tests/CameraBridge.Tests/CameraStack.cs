using Hiroba.TestSupport;

namespace Hiroba.CameraBridge.Tests;

/// <summary>
/// mosquitto, coturn, Rooms, Signaling, the camera bridge and the gateway. The bridge meets Ayame-mode cameras on
/// Signaling's <c>/signaling</c> and probes p2p cameras every half second (the default is 5 s), so tests see status
/// changes quickly.
/// </summary>
public class CameraStack() : HirobaStack("Rooms", "Signaling", "CameraBridge")
{
    protected override IDictionary<string, string?> SettingsFor(string serviceName)
    {
        var settings = base.SettingsFor(serviceName);
        if (serviceName == "CameraBridge")
        {
            settings["Cameras:Status:ProbeInterval"] = "00:00:00.500";
            settings["Cameras:Status:MaxProbeInterval"] = "00:00:01";
        }
        return settings;
    }
}
