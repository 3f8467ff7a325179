using System.Runtime.Versioning;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Lan;
using Hiroba.TestSupport.Momo;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Hiroba.EndToEnd.Tests;

/// <summary>
/// A workshop as README's "Run a workshop" runs it, across two hosts: Hiroba serves the room over HTTPS on the server's
/// LAN address, the host's Chromium sits beside it, and a guest's Chromium on the other end of a veth pair reaches the
/// room only over that LAN (<see cref="LanRoom"/>). Both trust the room's CA as /trust tells a guest to.
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(LanRoomsCollection.Name)]
public sealed class RoomAcrossTheLanTests(LanRoom room, ITestOutputHelper output)
    : LanRoomPages(room, output), IClassFixture<LanRoom>
{
    private const float Generous = 30_000;

    [Fact]
    public async Task A_guest_that_has_not_trusted_the_ca_gets_a_certificate_error_and_one_that_has_gets_a_secure_context()
    {
        using var emptyHome = await TrustingHome.CreateAsync(ca: null);
        await using var untrusting = await GuestBrowser.LaunchAsync(Room.GuestHost, home: emptyHome);
        await using var untrustingContext = await untrusting.NewContextAsync(Output);
        var refused = await untrustingContext.NewPageAsync();

        var error = await Assert.ThrowsAsync<PlaywrightException>(() => refused.GotoAsync(Room.PageUrl("/")));

        Assert.Contains("ERR_CERT_AUTHORITY_INVALID", error.Message, StringComparison.Ordinal);
        var page = await GuestContext.NewPageAsync();
        var response = await page.GotoAsync(Room.PageUrl("/"));
        Assert.True(response?.Ok);
        Assert.Equal(Room.PublicUri.GetLeftPart(UriPartial.Authority), await page.EvaluateAsync<string>("() => location.origin"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.isSecureContext"));
        Assert.True(await page.EvaluateAsync<bool>("() => typeof navigator.mediaDevices?.getDisplayMedia === 'function'"));
    }

    [Fact]
    public async Task A_guest_on_the_lan_shares_its_screen_and_the_hosts_wall_shows_the_image()
    {
        var workshop = await Room.CreateWorkshopAsync(HostContext, "Wall across the LAN");
        var wall = await WallPages.OpenHostAsync(HostContext, workshop.HostLink);

        // Chromium's fake screen, chosen without asking (--use-fake-ui-for-media-stream).
        await WallPages.OpenGuestAsync(GuestContext, workshop.GuestLink, "Ann");

        await WallPages.WaitForImageAsync(wall, "Ann");
        Assert.True(await WallPages.Panel(wall, "Ann").Locator("img[data-snapshot-id]").EvaluateAsync<bool>(
            "image => image.complete && image.naturalWidth > 0 && image.naturalHeight > 0"));
    }

    /// <remarks>With relay-only ICE the media can only flow through coturn, on the one address both pages reach.</remarks>
    [Fact]
    public async Task A_call_between_the_two_hosts_connects_through_coturn_on_the_lan_address_and_decodes_video()
    {
        var callRoom = $"lan-{Guid.NewGuid():N}"[..16];
        var (host, guest) = await CallThroughCoturnAsync(callRoom, frames: 0);
        var lanAddress = Room.GuestHost.ServerAddress.ToString();
        foreach (var page in new[] { host, guest })
        {
            var pair = Assert.Single((await page.SelectedCandidatePairsAsync()).EnumerateArray());
            Assert.Equal(("relay", "relay"), (pair.GetProperty("local").GetString(), pair.GetProperty("remote").GetString()));
            Assert.Equal((lanAddress, lanAddress), (pair.GetProperty("localAddress").GetString(), pair.GetProperty("remoteAddress").GetString()));
        }
    }

    /// <remarks>
    /// Momo (emulated, in a Chromium on the server, dialing Signaling as a camera on the server would) streams once into
    /// Janus, which gathers on the LAN address only. The guest's Chromium uses relay-only ICE, as a laptop on a network
    /// that lets only TURN through: its media comes from Janus through the room's coturn.
    /// </remarks>
    [Fact]
    public async Task A_guest_on_the_lan_relaying_through_coturn_and_the_host_watch_one_shared_camera_and_both_decode_one_momo_stream()
    {
        var roomId = $"bench-{Guid.NewGuid():N}"[..16];
        var key = $"{roomId}-key";
        await Room.Stack.CreateCameraRoomAsync(roomId, key);
        var cameraId = await Room.Stack.AddCameraAsync(new { name = "Bench", ayameRoomId = roomId, signalingKey = key });
        await using var momo = await MomoAyameEmulator.StartAsync(Room.HostBrowser, Room.Stack.AyameSignalingUri, roomId, key);
        var host = await CameraPage.OpenAsync(HostContext, Room.PublicUri, HirobaStack.ViewerPassword);
        var guest = await CameraPage.OpenAsync(GuestContext, Room.PublicUri, HirobaStack.ViewerPassword, forceRelay: true);

        foreach (var viewer in new[] { host, guest })
        {
            await viewer.WaitForStatusAsync(cameraId, "Online");
            await viewer.WatchAsync(cameraId);
        }

        foreach (var viewer in new[] { host, guest })
        {
            await viewer.WaitForDecodedFramesAsync(30);
            await viewer.WaitForViewerStateAsync("live");
        }
        Assert.Equal(1, await momo.PeerConnectionCountAsync());
        Assert.Equal("Online: 2 watching", await guest.Page.InnerTextAsync($".camera-tile[data-camera-id='{cameraId}'] .camera-status"));
        var lanAddress = Room.GuestHost.ServerAddress.ToString();
        var pair = Assert.Single((await guest.SelectedCandidatePairsAsync()).EnumerateArray());
        Assert.Equal(("relay", lanAddress), (pair.GetProperty("local").GetString(), pair.GetProperty("localAddress").GetString()));
        Assert.Equal(("host", lanAddress), (pair.GetProperty("remote").GetString(), pair.GetProperty("remoteAddress").GetString()));
    }

    /// <remarks>The feed's live updates come as MQTT over a secure WebSocket through the gateway.</remarks>
    [Fact]
    public async Task A_post_made_on_the_guest_host_appears_live_on_the_hosts_feed_page()
    {
        var feed = await HostContext.NewPageAsync();
        await feed.GotoAsync(Room.PageUrl("/feed"));
        await Expect(feed.Locator("#live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = Generous });
        await feed.EvaluateAsync("() => { window.testMarker = 'not reloaded'; }");
        var editor = await GuestContext.NewPageAsync();
        await editor.GotoAsync(Room.PageUrl("/feed/new"));
        var title = $"From the guest {Guid.NewGuid():N}"[..30];

        await editor.FillAsync("#title", title);
        await editor.FillAsync("#body", "posted across the LAN");
        await editor.ClickAsync("#publish");

        await Expect(editor.Locator("#success")).ToContainTextAsync($"Published “{title}”", new() { Timeout = Generous });
        await Expect(feed.Locator("#posts > li").First.Locator(".post-title")).ToHaveTextAsync(title, new() { Timeout = Generous });
        Assert.Equal("not reloaded", await feed.EvaluateAsync<string>("() => window.testMarker"));
    }

    /// <summary>
    /// A laptop on the room's network whose sign-in form goes out before the page's script has run (here: no scripts at
    /// all) posts it over HTTPS to the page's own address and comes back to where it was sent from, signed in.
    /// </summary>
    [Fact]
    public async Task The_plain_sign_in_form_from_the_guest_host_returns_over_https_to_the_page_that_asked()
    {
        await using var withoutScripts = await ChromiumFixture.NewContextAsync(Room.GuestBrowser, Output, new() { JavaScriptEnabled = false });
        var page = await withoutScripts.NewPageAsync();
        await page.GotoAsync(Room.PageUrl("/signin?returnUrl=%2Ffeed%2Fnew"));

        await page.FillAsync("#password", HirobaStack.AdminPassword);
        await page.PressAsync("#password", "Enter");

        await Expect(page).ToHaveURLAsync(Room.PageUrl("/feed/new"), new() { Timeout = Generous });
        // The guest's browser trusts the room's CA; the session cookie goes along as with any page of the site.
        var me = await page.GotoAsync(Room.PageUrl("/api/auth/me"));
        Assert.Equal(200, me?.Status);
    }

    /// <remarks>The QR code is read from the page's pixels by a real decoder (jsQR), as a phone would.</remarks>
    [Fact]
    public async Task The_qr_code_of_a_new_workshop_decodes_to_the_guest_link_which_opens_the_guest_page_on_the_guest_host()
    {
        var workshop = await Room.CreateWorkshopAsync(HostContext, "QR across the LAN");
        await workshop.Page.WaitForFunctionAsync(
            "() => { const image = document.getElementById('guest-qr'); return image.complete && image.naturalWidth > 0; }");

        var decoded = await QrCodeReader.ReadAsync(workshop.Page.Locator("#guest-qr"));

        Assert.NotNull(decoded);
        Assert.Equal(workshop.GuestLink, decoded);
        Assert.Equal(Room.PageUrl($"/collect?room={workshop.RoomId}"), decoded);
        var guest = await GuestContext.NewPageAsync();
        Assert.True((await guest.GotoAsync(decoded))?.Ok);
        await Expect(guest.Locator("#room-title")).ToHaveTextAsync("QR across the LAN", new() { Timeout = Generous });
        await Expect(guest.Locator("#join-form")).ToBeVisibleAsync(new() { Timeout = Generous });
    }
}
