using System.Runtime.Versioning;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Lan;

namespace Hiroba.CameraBridge.Tests;

/// <summary>
/// The camera stack with Debian's Janus sharing Ayame cameras. Janus gathers no ICE candidate on a loopback interface,
/// so it gathers on the server's end of a veth pair the test makes (a LAN address in the test's namespace, as on the
/// room's network), which the viewers' and Momo's Chromium reach directly. Three viewers at most per camera.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SharedCameraRoom : IAsyncLifetime
{
    public const int MaxViewers = 3;

    private GuestHost? _lan;
    private JanusFixture? _janus;
    private SharedCameraStack? _stack;

    public CameraStack Stack => _stack ?? throw new InvalidOperationException("The shared camera room is not started.");

    public JanusFixture Janus => _janus ?? throw new InvalidOperationException("The shared camera room is not started.");

    public async Task InitializeAsync()
    {
        _lan = await GuestHost.CreateAsync();
        _janus = JanusFixture.OnAddress(_lan.ServerAddress);
        await ((IAsyncLifetime)_janus).InitializeAsync();
        _stack = new SharedCameraStack(_janus);
        await _stack.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
        if (_janus is not null)
        {
            await _janus.DisposeAsync();
        }
        if (_lan is not null)
        {
            await _lan.DisposeAsync();
        }
    }

    private sealed class SharedCameraStack(JanusFixture janus) : CameraStack
    {
        protected override IDictionary<string, string?> SettingsFor(string serviceName)
        {
            var settings = base.SettingsFor(serviceName);
            if (serviceName == "CameraBridge")
            {
                janus.AddBridgeSettings(settings);
                settings["Cameras:Sharing:MaxViewers"] = $"{MaxViewers}";
                settings["Cameras:Sharing:IdleGrace"] = "00:00:02";
            }
            return settings;
        }
    }
}
