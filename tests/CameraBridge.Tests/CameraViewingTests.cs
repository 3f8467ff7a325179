using System.Text.Json;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Momo;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.CameraBridge.Tests;

/// <summary>The cameras page in Chromium through the gateway, watching emulated Momo cameras (media from a fake camera).</summary>
public sealed class CameraViewingTests(CameraStack stack, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<CameraStack>, IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    /// <summary>Momo pings every 30 s after <c>register</c>; one second shows the bridge's pongs within the test.</summary>
    private static readonly TimeSpan QuickPings = TimeSpan.FromSeconds(1);

    private IBrowserContext _viewer = null!;

    public async Task InitializeAsync() => _viewer = await chromium.NewContextAsync(output);

    public async Task DisposeAsync() => await _viewer.DisposeAsync();

    [Fact]
    public async Task A_viewer_decodes_frames_from_a_p2p_momo_through_a_bridge_that_speaks_momos_protocol()
    {
        await using var momo = await MomoP2pEmulator.StartAsync(chromium.Browser, QuickPings);
        var cameraId = await stack.AddCameraAsync(new { name = "Workbench", url = momo.Url.ToString() });
        var page = await OpenPageAsync(_viewer);
        await page.WaitForStatusAsync(cameraId, "Online");

        await page.WatchAsync(cameraId);

        await page.WaitForDecodedFramesAsync();
        await page.WaitForViewerStateAsync("live");
        await Eventually.TrueAsync(() => momo.ReceivedMessages.Contains("""{"type":"pong"}"""), "the bridge answered Momo's ping");
        var received = momo.ReceivedMessages.Select(text => JsonDocument.Parse(text).RootElement).ToArray();
        Assert.Equal("register", Type(received[0]));
        Assert.Equal("offer", Type(received[1]));
        Assert.All(received, message => Assert.Equal(ExpectedMembers(Type(message)), Members(message)));
        Assert.Empty(momo.Violations);

        await page.Page.ClickAsync("#viewer-close");

        await Eventually.TrueAsync(() => momo.OpenSessions == 0, "the bridge closed its WebSocket to Momo");
        Assert.Equal("close", Type(JsonDocument.Parse(momo.ReceivedMessages[^1]).RootElement));
        await page.WaitForStatusAsync(cameraId, "Online");
    }

    [Fact]
    public async Task A_second_viewer_of_a_busy_p2p_camera_is_told_it_is_busy_while_the_first_keeps_decoding()
    {
        await using var momo = await MomoP2pEmulator.StartAsync(chromium.Browser);
        var cameraId = await stack.AddCameraAsync(new { name = "Stage", url = momo.Url.ToString() });
        var first = await OpenPageAsync(_viewer);
        await first.WaitForStatusAsync(cameraId, "Online");
        await first.WatchAsync(cameraId);
        await first.WaitForDecodedFramesAsync();
        await first.WaitForStatusAsync(cameraId, "Busy");
        await using var otherViewer = await chromium.NewContextAsync(output);
        var second = await OpenPageAsync(otherViewer);

        await second.WatchAsync(cameraId);

        await second.WaitForViewerStateAsync("busy");
        Assert.Contains("someone else is watching", await second.ViewerMessageAsync(), StringComparison.Ordinal);
        var framesThen = await first.FramesDecodedAsync();
        await first.WaitForDecodedFramesAsync(framesThen + 30);
        await first.WaitForViewerStateAsync("live");
        Assert.Equal(1, momo.SessionsOpened);
        Assert.Empty(momo.Violations);
    }

    [Fact]
    public async Task A_stopped_momo_shows_offline_within_ten_seconds_and_once_back_it_is_online_and_viewing_works_again()
    {
        await using var momo = await MomoP2pEmulator.StartAsync(chromium.Browser);
        var cameraId = await stack.AddCameraAsync(new { name = "Door", url = momo.Url.ToString() });
        var page = await OpenPageAsync(_viewer);
        await page.WaitForStatusAsync(cameraId, "Online");
        await page.WatchAsync(cameraId);
        await page.WaitForDecodedFramesAsync();
        var sessions = await page.PeerConnectionCountAsync();

        await momo.StopAsync();

        await page.WaitForStatusAsync(cameraId, "Offline", timeoutMilliseconds: 10_000);

        await momo.StartAsync();

        // Online again; the open viewer then watches again by itself, which makes the camera busy at once.
        await page.WaitForStatusAsync(cameraId, "Online", orStatus: "Busy");
        await Eventually.TrueAsync(async () => await page.PeerConnectionCountAsync() > sessions, "the viewer opened a new session", PagePolling.Generous);
        await page.WaitForDecodedFramesAsync();
        await page.WaitForViewerStateAsync("live");
        Assert.Empty(momo.Violations);
    }

    [Fact]
    public async Task An_ayame_mode_momo_is_watched_as_the_second_peer_of_its_room_and_after_bye_registers_again_for_the_next_viewer()
    {
        var camera = await WatchableAyameCameraAsync("Entrance");
        await using var momo = camera.Momo;
        var (cameraId, page) = (camera.CameraId, camera.Page);

        await page.WatchAsync(cameraId);

        await page.WaitForDecodedFramesAsync();
        await page.WaitForViewerStateAsync("live");
        await page.WaitForStatusAsync(cameraId, "Busy");
        await using var otherViewer = await chromium.NewContextAsync(output);
        var second = await OpenPageAsync(otherViewer);
        await second.WatchAsync(cameraId);
        await second.WaitForViewerStateAsync("busy");

        await page.Page.ClickAsync("#viewer-close");

        // Signaling tears the room down (bye to Momo), Momo registers again, and the waiting viewer gets the camera.
        await Eventually.TrueAsync(() => momo.ReceivedMessages.Contains("""{"type":"bye"}"""), "Signaling told Momo the viewer left");
        await Eventually.TrueAsync(() => momo.Registers >= 2, "Momo registered again after bye");
        await second.WaitForDecodedFramesAsync();
        await second.Page.ClickAsync("#viewer-close");
        await page.WaitForStatusAsync(cameraId, "Online");
        await Eventually.TrueAsync(() => momo.Pongs > 0, "Momo answered Signaling's pings");
        Assert.Empty(momo.Violations);
    }

    [Fact]
    public async Task A_viewer_refused_while_the_status_still_says_online_tries_again_by_itself()
    {
        var camera = await WatchableAyameCameraAsync("Garage");
        await using var momo = camera.Momo;
        var (cameraId, page) = (camera.CameraId, camera.Page);

        // Momo drops out and is back within the rejoin grace: the status stays Online, so no change prompts a retry.
        await momo.StopAsync();
        await page.WatchAsync(cameraId);
        await page.WaitForViewerStateAsync("offline", "ended");
        await momo.StartAsync();

        await page.WaitForDecodedFramesAsync();
        await page.WaitForViewerStateAsync("live");
    }

    [Fact]
    public async Task Signing_out_in_another_tab_ends_the_viewing_and_the_live_status_and_the_bridge_lets_go_of_momo()
    {
        await using var momo = await MomoP2pEmulator.StartAsync(chromium.Browser);
        var cameraId = await stack.AddCameraAsync(new { name = "Hallway", url = momo.Url.ToString() });
        var page = await OpenPageAsync(_viewer);
        await page.WaitForStatusAsync(cameraId, "Online");
        await page.WatchAsync(cameraId);
        await page.WaitForDecodedFramesAsync();
        var otherTab = await _viewer.NewPageAsync();
        await otherTab.GotoAsync(new Uri(stack.GatewayUri, "/").ToString());

        Assert.Equal(204, await otherTab.EvaluateAsync<int>("() => fetch('/api/auth/sign-out', { method: 'POST' }).then(response => response.status)"));

        await page.WaitForViewerStateAsync("ended");
        Assert.Contains("Signed out", await page.ViewerMessageAsync(), StringComparison.Ordinal);
        await page.Page.WaitForFunctionAsync("() => document.getElementById('live').textContent.startsWith('Signed out')");
        await Eventually.TrueAsync(() => momo.OpenSessions == 0, "the bridge closed its WebSocket to Momo");
    }

    [Fact]
    public async Task Signed_out_the_cameras_page_asks_to_sign_in_and_shows_no_camera()
    {
        await stack.AddCameraAsync(new { name = "Hidden", url = "ws://127.0.0.1:9/ws" });
        await using var anonymous = await chromium.NewContextAsync(output);
        var page = await anonymous.NewPageAsync();

        await page.GotoAsync(new Uri(stack.GatewayUri, "/cameras").ToString());

        await page.WaitForSelectorAsync("#signin-needed", new() { State = WaitForSelectorState.Visible });
        Assert.Equal(0, await page.Locator(".camera-tile").CountAsync());
        await Assertions.Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "offline");
    }

    /// <summary>
    /// An Ayame-mode camera (its keyed room, the camera registered for it, an emulated Momo waiting in the room) and a
    /// cameras page that shows it Online.
    /// </summary>
    private async Task<(string CameraId, MomoAyameEmulator Momo, CameraPage Page)> WatchableAyameCameraAsync(string name)
    {
        var room = $"{name.ToLowerInvariant()}-camera";
        var key = $"{room}-key";
        await stack.CreateCameraRoomAsync(room, key);
        var cameraId = await stack.AddCameraAsync(new { name, ayameRoomId = room, signalingKey = key });
        var momo = await MomoAyameEmulator.StartAsync(chromium.Browser, stack.AyameSignalingUri, room, key);
        var page = await OpenPageAsync(_viewer);
        await page.WaitForStatusAsync(cameraId, "Online");
        return (cameraId, momo, page);
    }

    private Task<CameraPage> OpenPageAsync(IBrowserContext context) => CameraPage.OpenAsync(context, stack.GatewayUri, HirobaStack.ViewerPassword);

    private static string Type(JsonElement message) => message.GetProperty("type").GetString()!;

    private static string Members(JsonElement message) => string.Join(",", message.EnumerateObject().Select(member =>
        member.Value.ValueKind == JsonValueKind.Object
            ? $"{member.Name}{{{string.Join(",", member.Value.EnumerateObject().Select(inner => inner.Name))}}}"
            : member.Name));

    /// <summary>What the bridge may send Momo: the members of Momo's own messages and nothing a browser added.</summary>
    private static string ExpectedMembers(string type) => type switch
    {
        "register" => "type,roomId,clientId",
        "offer" => "type,sdp",
        "candidate" => "type,ice{candidate,sdpMLineIndex,sdpMid}",
        _ => "type",
    };
}
