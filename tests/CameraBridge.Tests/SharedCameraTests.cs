using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hiroba.CameraBridge.Janus;
using Hiroba.CameraBridge.Sharing;
using Hiroba.LocalComponents;
using JanusOptions = Hiroba.CameraBridge.Janus.JanusOptions;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Momo;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.CameraBridge.Tests;

/// <summary>
/// Ayame cameras shared through Debian's Janus: Momo (emulated, offering as the second peer of its room exactly as
/// <c>ayame_client.cpp</c> does) publishes once, and every viewer's cameras page in Chromium subscribes.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SharedCameraTests(SharedCameraRoom room, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<SharedCameraRoom>, IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
    }

    [Fact]
    public async Task Three_viewers_decode_one_momo_that_holds_one_peer_connection_and_a_fourth_is_told_the_camera_is_full()
    {
        var (cameraId, momo) = await SharedCameraAsync("Bench");
        await using var _ = momo;
        var viewers = new List<CameraPage>();
        for (var i = 0; i < SharedCameraRoom.MaxViewers; i++)
        {
            var page = await OpenPageAsync();
            await page.WaitForStatusAsync(cameraId, "Online");
            await page.WatchAsync(cameraId);
            viewers.Add(page);
        }

        foreach (var viewer in viewers)
        {
            await viewer.WaitForDecodedFramesAsync(30);
            await viewer.WaitForViewerStateAsync("live");
        }
        Assert.Equal(1, await momo.PeerConnectionCountAsync());
        await viewers[0].WaitForStatusAsync(cameraId, "Busy");
        Assert.Equal($"Busy: {SharedCameraRoom.MaxViewers} watching",
            await viewers[0].Page.InnerTextAsync($".camera-tile[data-camera-id='{cameraId}'] .camera-status"));
        var fourth = await OpenPageAsync();
        await fourth.WatchAsync(cameraId);
        await fourth.WaitForViewerStateAsync("ended");
        Assert.Contains("as many viewers", await fourth.ViewerMessageAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await momo.PeerConnectionCountAsync());
        Assert.Empty(momo.Violations);

        // The last viewers leave (the fourth too: its page would watch once a place is free): after the idle grace the
        // bridge leaves the room (Momo gets bye and waits alone again, its new PeerConnection unconnected, as Momo makes
        // one on every accept) and the camera's Janus room is gone, so nothing streams.
        var byes = Byes(momo);
        foreach (var viewer in viewers.Append(fourth))
        {
            await viewer.Page.ClickAsync("#viewer-close");
        }
        await Eventually.TrueAsync(() => Byes(momo) > byes, "Signaling told Momo the bridge left once nobody watched");
        await Eventually.TrueAsync(async () => !await JanusRoomExistsAsync(cameraId), "the camera's Janus room was destroyed");
        await viewers[0].WaitForStatusAsync(cameraId, "Online");
    }

    [Fact]
    public async Task When_momo_leaves_every_viewer_is_told_the_camera_left_and_watches_again_by_itself_once_it_is_back()
    {
        var (cameraId, momo) = await SharedCameraAsync("Lab");
        await using var _ = momo;
        var first = await OpenPageAsync();
        var second = await OpenPageAsync();
        foreach (var viewer in new[] { first, second })
        {
            await viewer.WaitForStatusAsync(cameraId, "Online");
            await viewer.WatchAsync(cameraId);
            await viewer.WaitForDecodedFramesAsync(30);
        }

        await momo.StopAsync();
        foreach (var viewer in new[] { first, second })
        {
            await viewer.WaitForViewerStateAsync("ended", "offline");
        }
        await momo.StartAsync();

        foreach (var viewer in new[] { first, second })
        {
            await viewer.WaitForViewerStateAsync("live");
            await viewer.WaitForDecodedFramesAsync(30);
            Assert.True(await viewer.PeerConnectionCountAsync() >= 2, "the page watched again in a new session");
        }
        Assert.Equal(1, await momo.PeerConnectionCountAsync());
    }

    [Fact]
    public async Task With_janus_down_a_viewer_is_told_the_camera_is_unavailable_the_bridge_says_why_and_once_janus_is_back_it_works()
    {
        var (cameraId, momo) = await SharedCameraAsync("Porch");
        await using var _ = momo;
        var page = await OpenPageAsync();
        await page.WaitForStatusAsync(cameraId, "Online");
        await room.Janus.Server.StopAsync();
        try
        {
            await page.WatchAsync(cameraId);

            await page.WaitForViewerStateAsync("ended");
            Assert.Contains("cannot be reached", await page.ViewerMessageAsync(), StringComparison.Ordinal);
            using var bridge = room.Stack.Service("CameraBridge").CreateClient();
            using var readiness = await bridge.GetAsync(new Uri("/readyz", UriKind.Relative));
            using var ready = JsonDocument.Parse(await readiness.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
            var janus = ready.RootElement.GetProperty("checks").GetProperty("janus");
            Assert.Equal("Unhealthy", janus.GetProperty("status").GetString());
            // Not ready for shared cameras, but alive: nothing restarts the bridge for Janus's sake.
            Assert.Equal(HttpStatusCode.OK, (await bridge.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        }
        finally
        {
            await room.Janus.Server.StartAsync(CancellationToken.None);
        }

        await page.Page.ClickAsync("#viewer-reconnect");
        await page.WaitForDecodedFramesAsync(30);
        Assert.Equal(1, await momo.PeerConnectionCountAsync());
    }

    [Fact]
    public async Task A_room_an_earlier_bridge_left_in_janus_with_its_publisher_seated_is_used_again_and_the_viewer_sees_the_camera()
    {
        var (cameraId, momo) = await SharedCameraAsync("Shelf");
        await using var _ = momo;
        // What a bridge that stopped mid-publication leaves: the room, and its publisher in the only seat until Janus's
        // session timeout (a minute) ends that session.
        using var http = new HttpClient();
        await using var earlier = await Janus(http).CreateSessionAsync(CancellationToken.None);
        var publisher = await earlier.AttachAsync(VideoRoom.Plugin, CancellationToken.None);
        await publisher.MessageAsync(VideoRoom.Create(cameraId), null, CancellationToken.None);
        await publisher.MessageAsync(VideoRoom.JoinAsPublisher(cameraId), null, CancellationToken.None);
        var page = await OpenPageAsync();
        await page.WaitForStatusAsync(cameraId, "Online");

        await page.WatchAsync(cameraId);

        await page.WaitForDecodedFramesAsync(30);
        await page.WaitForViewerStateAsync("live");
        Assert.Equal(1, await momo.PeerConnectionCountAsync());
    }

    [Fact]
    public async Task A_janus_plugin_error_ends_the_viewing_as_unavailable_leaves_the_bridge_ready_and_the_page_recovers_once_it_is_gone()
    {
        var (cameraId, momo) = await SharedCameraAsync("Attic");
        await using var _ = momo;
        // A room of the camera's name that someone else made with a PIN and a secret: the plugin refuses the bridge's
        // publisher (433, unauthorized), so the publication cannot start.
        using var http = new HttpClient();
        await using var other = await Janus(http).CreateSessionAsync(CancellationToken.None);
        var handle = await other.AttachAsync(VideoRoom.Plugin, CancellationToken.None);
        var roomSecret = Secrets.Create();
        var create = VideoRoom.Create(cameraId);
        (create["secret"], create["pin"]) = (roomSecret, Secrets.Create());
        await handle.MessageAsync(create, null, CancellationToken.None);
        var page = await OpenPageAsync();
        await page.WaitForStatusAsync(cameraId, "Online");
        var registers = momo.Registers;

        await page.WatchAsync(cameraId);

        await page.WaitForViewerStateAsync("ended");
        Assert.Contains("cannot be reached", await page.ViewerMessageAsync(), StringComparison.Ordinal);
        // The bridge never took Momo's seat: Momo did not register again.
        Assert.Equal(registers, momo.Registers);
        using var bridge = room.Stack.Service("CameraBridge").CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await bridge.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

        var destroy = VideoRoom.Destroy(cameraId);
        destroy["secret"] = roomSecret;
        await handle.MessageAsync(destroy, null, CancellationToken.None);
        await page.Page.ClickAsync("#viewer-reconnect");
        await page.WaitForDecodedFramesAsync(30);
        Assert.Equal(1, await momo.PeerConnectionCountAsync());
    }

    private static int Byes(MomoAyameEmulator momo) => momo.ReceivedMessages.Count(message => message == """{"type":"bye"}""");

    /// <summary>Whether Janus still has the camera's VideoRoom room, asked with the bridge's API secret.</summary>
    private async Task<bool> JanusRoomExistsAsync(string cameraId)
    {
        using var http = new HttpClient();
        await using var session = await Janus(http).CreateSessionAsync(CancellationToken.None);
        var handle = await session.AttachAsync(VideoRoom.Plugin, CancellationToken.None);
        var answer = await handle.MessageAsync(new JsonObject { ["request"] = "exists", ["room"] = cameraId }, null, CancellationToken.None);
        return answer.Data!.Value.GetProperty("exists").GetBoolean();
    }

    /// <summary>A Janus client of the test's own, with the bridge's API secret.</summary>
    private JanusClient Janus(HttpClient http) =>
        new(http, Options.Create(new JanusOptions { Url = room.Janus.ApiUrl, ApiSecret = room.Janus.ApiSecret }), NullLogger<JanusClient>.Instance);

    /// <summary>An Ayame-mode camera (its keyed room, the camera registered for it, an emulated Momo waiting in the room).</summary>
    private async Task<(string CameraId, MomoAyameEmulator Momo)> SharedCameraAsync(string name)
    {
        var roomId = $"{name.ToLowerInvariant()}-shared";
        var key = $"{roomId}-key";
        await room.Stack.CreateCameraRoomAsync(roomId, key);
        var cameraId = await room.Stack.AddCameraAsync(new { name, ayameRoomId = roomId, signalingKey = key });
        return (cameraId, await MomoAyameEmulator.StartAsync(chromium.Browser, room.Stack.AyameSignalingUri, roomId, key));
    }

    private async Task<CameraPage> OpenPageAsync()
    {
        var context = await chromium.NewContextAsync(output);
        _contexts.Add(context);
        return await CameraPage.OpenAsync(context, room.Stack.GatewayUri, HirobaStack.ViewerPassword);
    }
}
