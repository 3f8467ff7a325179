using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Hiroba.Gateway.Tests;

/// <summary>The admin console (<c>/admin</c>) in Chromium against the real services.</summary>
[Collection(AdminStackCollection.Name)]
public sealed class AdminConsoleTests(AdminStack stack, ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private const float Generous = 30_000;

    /// <summary>A 1×1 PNG: the smallest snapshot the screen wall takes.</summary>
    private static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private IBrowserContext _context = null!;

    public async Task InitializeAsync() =>
        _context = await chromium.NewContextAsync(output, new() { ViewportSize = new() { Width = 1440, Height = 1000 } });

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task A_signed_out_visitor_is_sent_to_sign_in_and_comes_back_to_the_console()
    {
        var page = await _context.NewPageAsync();

        await page.GotoAsync(stack.PageUrl("/admin"));

        await Expect(page).ToHaveURLAsync(stack.PageUrl("/signin?returnUrl=%2Fadmin"), new() { Timeout = Generous });
        await page.FillAsync("#password", HirobaStack.AdminPassword);
        await page.PressAsync("#password", "Enter");
        await Expect(page).ToHaveURLAsync(stack.PageUrl("/admin"), new() { Timeout = Generous });
        await Expect(page.Locator("#console")).ToBeVisibleAsync(new() { Timeout = Generous });
    }

    [Fact]
    public async Task A_viewer_is_told_the_console_is_for_the_admin_and_sees_nothing_of_it()
    {
        var page = await stack.SignedInPageAsync(_context, HirobaStack.ViewerPassword);

        await page.GotoAsync(stack.PageUrl("/admin"));

        await Expect(page.Locator("#need-admin")).ToBeVisibleAsync(new() { Timeout = Generous });
        await Expect(page.Locator("#need-admin")).ToContainTextAsync("signed in as a viewer");
        await Expect(page.Locator("#console")).ToBeHiddenAsync();
        Assert.Equal(stack.PageUrl("/admin"), page.Url);
    }

    [Fact]
    public async Task The_home_page_links_the_console_for_the_admin_only()
    {
        var viewer = await stack.SignedInPageAsync(_context, HirobaStack.ViewerPassword);
        await viewer.GotoAsync(stack.PageUrl("/"));
        await Expect(viewer.Locator("#session")).ToContainTextAsync("Signed in as viewer", new() { Timeout = Generous });
        await Expect(viewer.Locator("#admin-card")).ToBeHiddenAsync();

        var admin = await stack.SignedInPageAsync(_context);
        await admin.GotoAsync(stack.PageUrl("/"));
        await admin.Locator("#admin-card a").ClickAsync(new() { Timeout = Generous });
        await Expect(admin).ToHaveURLAsync(stack.PageUrl("/admin"), new() { Timeout = Generous });
    }

    [Fact]
    public async Task Open_rooms_show_live_counts_and_the_admin_closes_one_after_confirming()
    {
        var workshopId = await stack.CreateRoomAsync("workshop", "Counting workshop");
        var callId = await stack.CreateRoomAsync("call", "Counting call");
        var page = await OpenConsoleAsync();
        var workshop = page.Locator($"#workshops tr[data-room-id='{workshopId}']");
        var call = page.Locator($"#other-rooms tr[data-room-id='{callId}']");
        await Expect(workshop).ToContainTextAsync("Counting workshop", new() { Timeout = Generous });
        await Expect(workshop.Locator("td").Nth(1)).ToHaveTextAsync("0");
        await Expect(call.Locator("td").Nth(2)).ToHaveTextAsync("0 / 6", new() { Timeout = Generous });

        await ShareOneSnapshotAsync(workshopId);
        using var peer = await JoinCallAsync(callId);

        await Expect(workshop.Locator("td").Nth(1)).ToHaveTextAsync("1", new() { Timeout = Generous });
        await Expect(call.Locator("td").Nth(2)).ToHaveTextAsync("1 / 6", new() { Timeout = Generous });

        await workshop.Locator("[data-action=close]").ClickAsync();
        await page.Locator("#confirm-dialog button[value=no]").ClickAsync();
        Assert.True((await stack.GetRoomAsync(workshopId)).GetProperty("open").GetBoolean(), "Cancel leaves the room open");
        await workshop.Locator("[data-action=close]").ClickAsync();
        await Expect(page.Locator("#confirm-title")).ToHaveTextAsync("Close “Counting workshop”?");
        await page.Locator("#confirm-yes").ClickAsync();

        await Expect(workshop).ToHaveCountAsync(0, new() { Timeout = Generous });
        Assert.False((await stack.GetRoomAsync(workshopId)).GetProperty("open").GetBoolean());
        await Expect(call).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_workshops_guest_link_and_its_qr_code_show_again_but_never_the_host_link()
    {
        var workshopId = await stack.CreateRoomAsync("workshop", "Again workshop");
        var page = await OpenConsoleAsync();
        var row = page.Locator($"#workshops tr[data-room-id='{workshopId}']");

        await row.Locator("[data-action=guest-link]").ClickAsync(new() { Timeout = Generous });

        await Expect(page.Locator("#guest-dialog")).ToBeVisibleAsync();
        await Expect(page.Locator("#guest-dialog-link")).ToHaveValueAsync(AdminStack.GuestLink(workshopId));
        await page.WaitForFunctionAsync("() => { const image = document.getElementById('guest-dialog-qr'); return image.complete && image.naturalWidth > 0; }");
        Assert.Equal(AdminStack.GuestLink(workshopId), await QrCodeReader.ReadAsync(page.Locator("#guest-dialog-qr")));
        Assert.Equal($"/collect/join?room={workshopId}", await page.GetAttributeAsync("#guest-dialog-projector", "href"));
        Assert.Equal($"/collect/join?room={workshopId}", await row.Locator("a", new() { HasTextString = "Projector view" }).GetAttributeAsync("href"));
        Assert.DoesNotContain("key=", await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("#public-url")).ToHaveValueAsync(AdminStack.PublicUrl);
    }

    [Fact]
    public async Task The_admin_opens_a_workshops_wall_from_the_console_without_its_host_key_until_signing_out()
    {
        var workshopId = await stack.CreateRoomAsync("workshop", "Wall workshop");
        await ShareOneSnapshotAsync(workshopId);
        var page = await OpenConsoleAsync();
        var link = page.Locator($"#workshops tr[data-room-id='{workshopId}'] a", new() { HasTextString = "Open the wall" });
        await Expect(link).ToHaveAttributeAsync("href", $"/collect/view?room={workshopId}", new() { Timeout = Generous });

        var wall = await _context.RunAndWaitForPageAsync(() => link.ClickAsync());

        await Expect(wall.Locator("#live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = Generous });
        await Expect(wall.Locator("#room-title")).ToHaveTextAsync("Wall workshop · screen wall");
        var image = wall.Locator(".wall-panel img[data-snapshot-id]");
        await Expect(image).ToHaveCountAsync(1, new() { Timeout = Generous });
        await wall.WaitForFunctionAsync(
            "element => element.complete && element.naturalWidth > 0", await image.ElementHandleAsync(), new() { Timeout = Generous });
        await Expect(wall.Locator(".wall-name")).ToHaveTextAsync("Ann");
        await Expect(wall.Locator("#key-form")).ToBeHiddenAsync();

        Assert.Equal(204, await page.EvaluateAsync<int>("() => fetch('/api/auth/sign-out', { method: 'POST' }).then(response => response.status)"));

        await Expect(wall.Locator("#live")).ToHaveTextAsync("Signed out", new() { Timeout = Generous });
        await Expect(wall.Locator("#live")).ToHaveAttributeAsync("data-state", "offline");
        await Expect(wall.Locator("#key-form")).ToBeHiddenAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData(HirobaStack.ViewerPassword)]
    public async Task Without_the_host_key_an_anonymous_visitor_or_a_viewer_sees_nothing_of_a_wall(string? password)
    {
        var workshopId = await stack.CreateRoomAsync("workshop", "Private workshop");
        await ShareOneSnapshotAsync(workshopId);
        var page = password is null ? await _context.NewPageAsync() : await stack.SignedInPageAsync(_context, password);

        await page.GotoAsync(stack.PageUrl($"/collect/view?room={workshopId}"));

        await Expect(page.Locator("#key-form")).ToBeVisibleAsync(new() { Timeout = Generous });
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "offline");
        await Expect(page.Locator("#room-title")).ToHaveTextAsync("Screen wall");
        await Expect(page.Locator(".wall-panel")).ToHaveCountAsync(0);
        Assert.DoesNotContain("Ann", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_camera_added_in_the_console_shows_its_live_status_and_is_removed_after_confirming()
    {
        var page = await OpenConsoleAsync();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        try
        {
            await page.FillAsync("#camera-name", "Console porch");
            await page.FillAsync("#camera-url", "http://127.0.0.1/ws");
            await page.ClickAsync("#add-camera-button");
            await Expect(page.Locator("[data-error-for=url]")).ToContainTextAsync("ws://", new() { Timeout = Generous });
            await Expect(page.Locator("#camera-url")).ToHaveAttributeAsync("aria-invalid", "true");

            await page.FillAsync("#camera-id", "console-porch");
            await page.FillAsync("#camera-url", $"ws://127.0.0.1:{port}/ws");
            await page.ClickAsync("#add-camera-button");

            var row = page.Locator("#cameras tr[data-camera-id='console-porch']");
            await Expect(row).ToContainTextAsync("Console porch", new() { Timeout = Generous });
            await Expect(row.Locator(".status-dot")).ToHaveAttributeAsync("data-status", "Online", new() { Timeout = Generous });
            await Expect(page.Locator("[data-error-for=url]")).ToBeHiddenAsync();
            listener.Stop();
            await Expect(row.Locator(".status-dot")).ToHaveAttributeAsync("data-status", "Offline", new() { Timeout = Generous });

            await row.Locator("[data-action=remove]").ClickAsync();
            await Expect(page.Locator("#confirm-title")).ToHaveTextAsync("Remove “Console porch”?");
            await page.Locator("#confirm-yes").ClickAsync();
            await Expect(row).ToHaveCountAsync(0, new() { Timeout = Generous });
            using var admin = await stack.CreateSignedInClientAsync();
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/cameras/console-porch")).StatusCode);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task An_ayame_camera_added_in_the_console_gets_its_room_and_the_command_for_momo()
    {
        var page = await OpenConsoleAsync();
        await page.CheckAsync("input[name=mode][value=ayame]");
        await Expect(page.Locator("#camera-key")).Not.ToHaveValueAsync("");
        await page.FillAsync("#camera-name", "Console gate");
        await page.FillAsync("#camera-id", "console-gate");
        await page.FillAsync("#camera-room", "console-gate-room");
        await page.FillAsync("#camera-key", "short");
        await page.ClickAsync("#add-camera-button");
        await Expect(page.Locator("[data-error-for=signalingKey]")).ToContainTextAsync("8-128", new() { Timeout = Generous });

        await page.FillAsync("#camera-key", "gate-signaling-key");
        await page.ClickAsync("#add-camera-button");

        var row = page.Locator("#cameras tr[data-camera-id='console-gate']");
        await Expect(row.Locator(".status-dot")).ToHaveAttributeAsync("data-status", "Offline", new() { Timeout = Generous });
        await Expect(row).ToContainTextAsync("Ayame room console-gate-room");
        await Expect(page.Locator("#momo-command-text")).ToContainTextAsync("--signaling-url wss://hiroba.test:8443/signaling");
        await Expect(page.Locator("#momo-command-text")).ToContainTextAsync("--room-id console-gate-room");
        var room = await stack.GetRoomAsync("console-gate-room");
        Assert.Equal("Camera", room.GetProperty("kind").GetString());
        await Expect(page.Locator("#other-rooms tr[data-room-id='console-gate-room']")).ToContainTextAsync("Camera", new() { Timeout = Generous });
    }

    private async Task<IPage> OpenConsoleAsync()
    {
        var page = await stack.SignedInPageAsync(_context);
        await page.GotoAsync(stack.PageUrl("/admin"));
        await Expect(page.Locator("#console")).ToBeVisibleAsync(new() { Timeout = Generous });
        await Expect(page.Locator("#cameras-live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = Generous });
        return page;
    }

    /// <summary>A guest joins the workshop's wall and uploads one snapshot, as the guest page would.</summary>
    private async Task ShareOneSnapshotAsync(string workshopId)
    {
        using var client = stack.CreateClient();
        await Eventually.TrueAsync(async () =>
            (await client.GetAsync($"/api/snapshots/rooms/{workshopId}")).StatusCode == HttpStatusCode.OK, "Snapshots knows the workshop");
        var joined = await (await client.PostAsJsonAsync($"/api/snapshots/rooms/{workshopId}/guests", new { name = "Ann" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        using var upload = new HttpRequestMessage(HttpMethod.Put, $"/api/snapshots/rooms/{workshopId}/guests/{joined.GetProperty("guestId").GetString()}")
        {
            Content = new ByteArrayContent(OnePixelPng) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } },
            Headers = { { "X-Guest-Token", joined.GetProperty("token").GetString() } },
        };
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(upload)).StatusCode);
    }

    /// <summary>A peer in the call room on Signaling's <c>/ws/signaling</c>, until disposed.</summary>
    private async Task<ClientWebSocket> JoinCallAsync(string callId)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(stack.GatewayUri) { Scheme = "ws", Path = "/ws/signaling" }.Uri, CancellationToken.None);
        var join = JsonSerializer.Serialize(new { type = "join", room = callId, name = "Bo" });
        await socket.SendAsync(Encoding.UTF8.GetBytes(join), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var welcome = await WebSocketText.ReceiveAsync(socket, timeout.Token);
        Assert.Contains("\"welcome\"", welcome, StringComparison.Ordinal);
        return socket;
    }
}
