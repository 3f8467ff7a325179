using Hiroba.CameraBridge.Cameras;

namespace Hiroba.CameraBridge.Tests;

public sealed class CameraRulesTests
{
    [Theory]
    [InlineData("ws://192.168.1.20:8080/ws", "ws://192.168.1.20:8080/ws")]
    [InlineData("ws://cam-1.local:8080", "ws://cam-1.local:8080/ws")]
    [InlineData("ws://cam-1.local:8080/", "ws://cam-1.local:8080/ws")]
    [InlineData("wss://cameras.example/momo/ws", "wss://cameras.example/momo/ws")]
    [InlineData("ws://[::1]:8080/ws", "ws://[::1]:8080/ws")]
    [InlineData(" ws://10.0.0.5:8080/ws ", "ws://10.0.0.5:8080/ws")]
    public void A_momo_url_is_a_ws_or_wss_url_and_its_path_defaults_to_ws(string text, string expected)
    {
        Assert.True(WebSocketUrls.TryParse(text, WebSocketUrls.MomoPath, out var url, out var error), error);
        Assert.Equal(new Uri(expected), url);
    }

    [Theory]
    [InlineData("http://10.0.0.5:8080/ws")]
    [InlineData("ftp://10.0.0.5/")]
    [InlineData("ws:///ws")]
    [InlineData("ws://[::]:8080/ws")]
    [InlineData("ws://255.255.255.255:8080/ws")]
    [InlineData("ws://239.1.2.3:8080/ws")]
    [InlineData("ws://10.0.0.5:8080/ws#fragment")]
    [InlineData("10.0.0.5:8080")]
    [InlineData("")]
    public void Anything_else_is_refused_with_a_reason(string text)
    {
        Assert.False(WebSocketUrls.TryParse(text, WebSocketUrls.MomoPath, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void A_url_longer_than_the_limit_is_refused()
    {
        var text = "ws://camera.example/" + new string('a', WebSocketUrls.MaxLength);

        Assert.False(WebSocketUrls.TryParse(text, WebSocketUrls.MomoPath, out _, out _));
    }

    [Fact]
    public void A_definition_becomes_a_p2p_or_an_ayame_camera()
    {
        var p2p = CameraRules.Validate(new CameraDefinition { Name = " Porch ", Url = "ws://10.0.0.5:8080" }, "porch", CameraSource.Admin, []);
        var ayame = CameraRules.Validate(
            new CameraDefinition { Name = "Lab", AyameRoomId = "lab-room", SignalingKey = "a-long-key" }, "lab", CameraSource.Configuration, []);

        Assert.Equal(new Camera("porch", "Porch", CameraSource.Admin, new MomoP2pEndpoint(new Uri("ws://10.0.0.5:8080/ws"))), p2p);
        Assert.Equal(new Camera("lab", "Lab", CameraSource.Configuration, new AyameRoomEndpoint("lab-room", "a-long-key")), ayame);
        Assert.Equal((CameraKind.P2p, CameraKind.Ayame), (p2p!.Kind, ayame!.Kind));
    }
}
