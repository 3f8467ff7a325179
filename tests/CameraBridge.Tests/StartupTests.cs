using Hiroba.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Tests;

public sealed class StartupTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new("camera-bridge-startup");

    [Theory]
    [InlineData("Cameras:Items:0:Url", "http://192.168.1.20:8080/ws", "Cameras:Items:0:Url")]
    [InlineData("Cameras:Items:0:Name", "", "Cameras:Items:0:Name")]
    [InlineData("Cameras:Items:0:AyameRoomId", "room", "Cameras:Items:0:Url")]
    [InlineData("Cameras:Items:1:Id", "porch", "Cameras:Items:1:Id")]
    [InlineData("Cameras:Items:1:SignalingKey", "short", "Cameras:Items:1:SignalingKey")]
    [InlineData("Cameras:SignalingUrl", "https://signaling:8080/signaling", "Cameras:SignalingUrl")]
    [InlineData("Cameras:Status:ProbeInterval", "00:00:00", "Cameras:Status:ProbeInterval")]
    [InlineData("Cameras:Viewing:MaxMessageBytes", "10", "Cameras:Viewing:MaxMessageBytes")]
    public void The_bridge_refuses_to_start_with_an_invalid_camera_setting_and_names_it(string key, string value, string named)
    {
        var settings = ValidSettings();
        settings[key] = value;
        using var bridge = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (setting, text) in settings)
            {
                builder.UseSetting(setting, text);
            }
        });

        var error = Assert.Throws<OptionsValidationException>(() => bridge.Server);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private Dictionary<string, string> ValidSettings() => new()
    {
        ["Auth:KeyRingPath"] = Path.Combine(_folder.Path, "keyring"),
        ["Data:Path"] = Path.Combine(_folder.Path, "data"),
        ["EventBus:Transport"] = "Mqtt",
        ["EventBus:Mqtt:Host"] = "127.0.0.1",
        ["EventBus:Mqtt:Port"] = "1",
        ["Cameras:Items:0:Id"] = "porch",
        ["Cameras:Items:0:Name"] = "Porch",
        ["Cameras:Items:0:Url"] = "ws://192.168.1.20:8080/ws",
        ["Cameras:Items:1:Id"] = "lab",
        ["Cameras:Items:1:Name"] = "Lab",
        ["Cameras:Items:1:AyameRoomId"] = "lab-room",
        ["Cameras:Items:1:SignalingKey"] = "lab-room-signaling-key",
        ["Cameras:SignalingUrl"] = "ws://signaling:8080/signaling",
    };
}
