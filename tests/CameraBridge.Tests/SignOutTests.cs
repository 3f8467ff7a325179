using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Hiroba.TestSupport;

namespace Hiroba.CameraBridge.Tests;

/// <summary>
/// Signing out ends what the session has open: the cookie is checked when a viewing socket or an event stream opens and
/// never again, so without this a signed-out browser (or whoever copied its cookie) would keep watching.
/// </summary>
[Collection(BridgeOnlyCollection.Name)]
public sealed class SignOutTests(BridgeOnlyStack stack)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Signing_out_ends_an_open_viewing_socket_with_end_signed_out_and_a_close_that_says_the_session_ended()
    {
        await using var camera = await ScriptedAyameServer.StartAsync();
        using var admin = await stack.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("/api/cameras", new { id = "sign-out", name = "Sign-out", url = camera.Url })).EnsureSuccessStatusCode();
        try
        {
            var cookies = await JsonSocket.SignInAsync(stack.GatewayUri, HirobaStack.ViewerPassword);
            await using var viewer = await JsonSocket.ConnectAsync(stack.WebSocketUri("/ws/cameras/sign-out"), cookies);
            await using var link = await camera.NextConnectionAsync(Generous);
            Assert.Equal("ready", (await viewer.ReceiveAsync())?.GetProperty("type").GetString());

            await SignOutAsync(cookies);

            var end = await viewer.ReceiveAsync(Generous);
            Assert.Equal(("end", "signed-out"), (end?.GetProperty("type").GetString(), end?.GetProperty("reason").GetString()));
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, await viewer.ReceiveCloseAsync());
            Assert.Contains("session", viewer.CloseDescription ?? "", StringComparison.OrdinalIgnoreCase);
            // The bridge let go of the camera too: Momo's close, then the socket's.
            var toCamera = new List<string>();
            while (await link.ReceiveTextAsync(Generous) is { } message)
            {
                toCamera.Add(message);
            }
            Assert.Contains("""{"type":"close"}""", toCamera);
        }
        finally
        {
            (await admin.DeleteAsync("/api/cameras/sign-out")).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Signing_out_ends_an_open_camera_status_stream_with_a_session_ended_event()
    {
        var cookies = await JsonSocket.SignInAsync(stack.GatewayUri, HirobaStack.ViewerPassword);
        using var viewer = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = stack.GatewayUri };
        using var stream = new ServerSentEventReader(await viewer.GetAsync("/api/cameras/events", HttpCompletionOption.ResponseHeadersRead));
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("status", (await stream.NextAsync()).Type);

        await SignOutAsync(cookies);

        var (ended, _) = await stream.ReadUntilAsync(e => e.Type != "status");
        Assert.Equal("session-ended", ended.Type);
        await Assert.ThrowsAsync<EndOfStreamException>(() => stream.NextAsync(Generous));
    }

    private async Task SignOutAsync(CookieContainer cookies)
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = stack.GatewayUri };
        using var response = await client.PostAsync("/api/auth/sign-out", content: null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
