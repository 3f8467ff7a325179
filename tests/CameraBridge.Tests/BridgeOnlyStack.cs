using Hiroba.TestSupport;

namespace Hiroba.CameraBridge.Tests;

/// <summary>
/// mosquitto, coturn, the camera bridge alone and the gateway, with two configured cameras whose addresses are
/// <see cref="ConnectionRecorder"/>s: <c>porch</c> (p2p) and <c>lab</c> (Ayame mode, met at <see cref="SignalingStandIn"/>).
/// <see cref="Elsewhere"/> is an address no camera has: nothing may ever connect to it.
/// </summary>
public sealed class BridgeOnlyStack : HirobaStack, IAsyncLifetime
{
    public const string PorchId = "porch";
    public const string LabId = "lab";

    public BridgeOnlyStack() : base("CameraBridge")
    {
    }

    public ConnectionRecorder Porch { get; } = ConnectionRecorder.Start();

    public ConnectionRecorder SignalingStandIn { get; } = ConnectionRecorder.Start();

    public ConnectionRecorder Elsewhere { get; } = ConnectionRecorder.Start();

    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Porch.DisposeAsync();
        await SignalingStandIn.DisposeAsync();
        await Elsewhere.DisposeAsync();
    }

    protected override IDictionary<string, string?> SettingsFor(string serviceName)
    {
        var settings = base.SettingsFor(serviceName);
        settings["Cameras:Items:0:Id"] = PorchId;
        settings["Cameras:Items:0:Name"] = "Porch";
        settings["Cameras:Items:0:Url"] = $"ws://127.0.0.1:{Porch.Port}/ws";
        settings["Cameras:Items:1:Id"] = LabId;
        settings["Cameras:Items:1:Name"] = "Lab";
        settings["Cameras:Items:1:AyameRoomId"] = "lab-room";
        settings["Cameras:Items:1:SignalingKey"] = "lab-room-signaling-key";
        settings["Cameras:SignalingUrl"] = $"ws://127.0.0.1:{SignalingStandIn.Port}/signaling";
        settings["Cameras:Status:ProbeInterval"] = "00:00:00.200";
        settings["Cameras:Status:MaxProbeInterval"] = "00:00:00.500";
        return settings;
    }
}
