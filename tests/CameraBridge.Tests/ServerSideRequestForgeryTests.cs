using System.Net;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.CameraBridge.Tests;

/// <summary>The bridge dials only the addresses of configured or admin-added cameras, never one a viewer names.</summary>
[Collection(BridgeOnlyCollection.Name)]
public sealed class ServerSideRequestForgeryTests(BridgeOnlyStack stack)
{
    [Fact]
    public async Task A_viewer_cannot_make_the_bridge_connect_anywhere_but_the_configured_cameras()
    {
        var cookies = await JsonSocket.SignInAsync(stack.GatewayUri, HirobaStack.ViewerPassword);
        var elsewhere = $"127.0.0.1:{stack.Elsewhere.Port}";

        // An address as the camera id, however encoded, is no camera.
        foreach (var path in new[]
        {
            $"/ws/cameras/{elsewhere}",
            $"/ws/cameras/ws%3A%2F%2F{elsewhere}%2Fws",
            $"/ws/cameras/porch%2F..%2F{elsewhere}",
            $"/ws/cameras/porch@{elsewhere}",
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, await JsonSocket.RefusalStatusAsync(stack.WebSocketUri(path), cookies));
        }

        // Addresses in the query and in headers are ignored: the bridge dials porch's configured address.
        var porchBefore = stack.Porch.Connections;
        var headers = new Dictionary<string, string> { ["X-Forwarded-Host"] = elsewhere, ["X-Camera-Url"] = $"ws://{elsewhere}/ws" };
        await using (var socket = await JsonSocket.ConnectAsync(
            stack.WebSocketUri($"/ws/cameras/porch?url=ws://{elsewhere}/ws&host={elsewhere}"), cookies, headers))
        {
            // porch accepts TCP and hangs up at once, so the bridge cannot open a WebSocket there.
            AssertEnd(await socket.ReceiveAsync(), "offline");
        }
        Assert.True(stack.Porch.Connections > porchBefore, "the bridge dialed porch's configured address");

        // An Ayame-mode camera is met only at the configured Signaling address.
        var signalingBefore = stack.SignalingStandIn.Connections;
        await using (var socket = await JsonSocket.ConnectAsync(stack.WebSocketUri($"/ws/cameras/lab?signaling=ws://{elsewhere}/signaling"), cookies))
        {
            AssertEnd(await socket.ReceiveAsync(), "unavailable");
        }
        Assert.True(stack.SignalingStandIn.Connections > signalingBefore, "the bridge dialed the configured Signaling");

        // Probing goes on meanwhile; after a few more rounds, still nothing ever reached the other address.
        var probes = stack.Porch.Connections;
        await Eventually.TrueAsync(() => stack.Porch.Connections >= probes + 3, "the bridge probed porch three more times");
        Assert.Equal(0, stack.Elsewhere.Connections);
    }

    private static void AssertEnd(JsonElement? message, string reason)
    {
        Assert.NotNull(message);
        Assert.Equal("end", message.Value.GetProperty("type").GetString());
        Assert.Equal(reason, message.Value.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrWhiteSpace(message.Value.GetProperty("message").GetString()));
    }
}
