using Hiroba.CameraBridge.Cameras;
using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.CameraBridge.Tests;

/// <summary>Configured cameras are checked when the bridge starts; a bad one stops it with the setting's name.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new("camera-bridge-startup");

    [Theory]
    [InlineData("Cameras:Items:0:Url", "http://192.168.1.20:8080/ws", "Setting Cameras:Items:0:Url is invalid")]
    [InlineData("Cameras:Items:1:Id", "porch", "Setting Cameras:Items:1:Id is invalid")]
    [InlineData("Cameras:SignalingUrl", null, "Setting Cameras:SignalingUrl is required")]
    [InlineData("Cameras:Status:ProbeInterval", "00:00:00", "Setting Cameras:Status:ProbeInterval is invalid")]
    public async Task The_bridge_refuses_to_start_with_an_invalid_camera_setting_and_names_it(string key, string? value, string message)
    {
        var settings = ValidSettings();
        settings[key] = value;

        var error = await Assert.ThrowsAsync<ChildProcessException>(() => ServiceProcess.StartAsync("CameraBridge", settings));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_of_every_configured_camera_is_named_by_its_setting()
    {
        var options = new CamerasOptions
        {
            Items =
            [
                new CameraDefinition { Id = "porch", Name = "", Url = "ws://10.0.0.5:8080/ws", AyameRoomId = "room" },
                new CameraDefinition { Id = "lab", Name = "Lab", AyameRoomId = "lab-room", SignalingKey = "short" },
                new CameraDefinition { Id = "bad id", Name = "Yard", Url = "ws://10.0.0.6:8080/ws" },
            ],
            SignalingUrl = "ws://signaling:8080/signaling",
        };

        var failures = new CamerasOptionsValidator().Validate(null, options).Failures!.ToArray();

        Assert.Equal(
            ["Cameras:Items:0:Name", "Cameras:Items:0:Url", "Cameras:Items:1:SignalingKey", "Cameras:Items:2:Id"],
            failures.Select(failure => failure.Split(' ')[1]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Valid_cameras_pass()
    {
        var options = new CamerasOptions
        {
            Items = [new CameraDefinition { Id = "porch", Name = "Porch", Url = "ws://10.0.0.5:8080/ws" }],
        };

        Assert.True(new CamerasOptionsValidator().Validate(null, options).Succeeded);
    }

    public void Dispose() => _folder.Dispose();

    private Dictionary<string, string?> ValidSettings() => new()
    {
        ["Auth:KeyRingPath"] = Path.Combine(_folder.Path, "keyring"),
        ["Data:Path"] = Path.Combine(_folder.Path, "data"),
        ["EventBus:Transport"] = "Mqtt",
        ["EventBus:Mqtt:Host"] = "127.0.0.1",
        ["EventBus:Mqtt:Port"] = "1",
        ["EventBus:Mqtt:Username"] = "services",
        ["EventBus:Mqtt:Password"] = "services-password",
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
