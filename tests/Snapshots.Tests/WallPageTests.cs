using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Hiroba.Snapshots.Tests;

/// <summary>
/// The screen wall in Chromium through the gateway: the admin's page, guest pages sharing Chromium's fake screen, and
/// host pages, with a one-second snapshot interval.
/// </summary>
[Collection(SnapshotsCollection.Name)]
public sealed class WallPageTests(SnapshotsStack stack, ChromiumFixture chromium, ITestOutputHelper output)
    : WallPageContexts(chromium, output)
{
    [Fact]
    public async Task Hosts_opened_before_and_after_see_every_sharing_guest_and_keep_them_over_a_reload()
    {
        var (hostLink, guestLink) = await CreateWorkshopOnTheAdminPageAsync();
        var early = await HostContext.NewPageAsync();
        await early.GotoAsync(hostLink);
        await Expect(early.Locator("#live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = WallPages.Generous });
        Assert.DoesNotContain("key=", early.Url, StringComparison.Ordinal);

        await WallPages.OpenGuestAsync(GuestContext, guestLink, "Ann");
        await WallPages.WaitForImageAsync(early, "Ann");
        var late = await HostContext.NewPageAsync();
        await late.GotoAsync(hostLink);
        await WallPages.WaitForImageAsync(late, "Ann");

        await WallPages.OpenGuestAsync(GuestContext, guestLink, "Ben");
        foreach (var host in new[] { early, late })
        {
            await WallPages.WaitForImageAsync(host, "Ben");
            await Expect(host.Locator(".wall-panel")).ToHaveCountAsync(2);
            await Expect(host.Locator("#count-sharing")).ToHaveTextAsync("2", new() { Timeout = WallPages.Generous });
        }

        await early.ReloadAsync();
        await WallPages.WaitForImageAsync(early, "Ann");
        await WallPages.WaitForImageAsync(early, "Ben");
        await Expect(early.Locator(".wall-panel")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Stuck_done_pause_and_stop_show_as_badges_and_closing_the_page_shows_stopped()
    {
        var workshop = await stack.CreateWorkshopAsync();
        var host = await OpenHostAsync(workshop);
        var cat = await WallPages.OpenGuestAsync(GuestContext, GuestLink(workshop), "Cat");
        var dan = await WallPages.OpenGuestAsync(GuestContext, GuestLink(workshop), "Dan");
        await WallPages.WaitForImageAsync(host, "Dan");

        await dan.ClickAsync("#stuck");
        await Expect(WallPages.Panel(host, "Dan").Locator(".wall-badge-stuck")).ToHaveTextAsync("stuck", new() { Timeout = WallPages.Generous });
        await Expect(host.Locator(".wall-panel").First).ToHaveAttributeAsync("data-guest-id", await WallPages.GuestIdAsync(dan));
        await Expect(host.Locator("#count-stuck")).ToHaveTextAsync("1");
        await cat.ClickAsync("#done");
        await Expect(WallPages.Panel(host, "Cat").Locator(".wall-badge-done")).ToHaveCountAsync(1, new() { Timeout = WallPages.Generous });

        await cat.ClickAsync("#pause");
        await Expect(WallPages.Panel(host, "Cat").Locator(".wall-badge-paused")).ToHaveCountAsync(1, new() { Timeout = WallPages.Generous });
        await cat.ClickAsync("#stop");
        await Expect(WallPages.Panel(host, "Cat")).ToHaveAttributeAsync("data-status", "stopped", new() { Timeout = WallPages.Generous });
        await Expect(WallPages.Panel(host, "Cat").Locator(".wall-badge-stopped")).ToHaveCountAsync(1);

        await dan.CloseAsync(new() { RunBeforeUnload = true });
        await Expect(WallPages.Panel(host, "Dan")).ToHaveAttributeAsync("data-status", "left", new() { Timeout = WallPages.Generous });
        await Expect(WallPages.Panel(host, "Dan").Locator(".wall-badge-stopped")).ToHaveCountAsync(1);

        await host.Locator(".wall-panel").First.ClickAsync();
        await Expect(host.Locator("#enlarged")).ToBeVisibleAsync();
        await Expect(host.Locator("#enlarged-name")).ToHaveTextAsync("Dan");
        await host.Keyboard.PressAsync("Escape");
        await Expect(host.Locator("#enlarged")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task An_unchanged_screen_is_not_uploaded_again_and_a_change_is()
    {
        var workshop = await stack.CreateWorkshopAsync();
        await GuestContext.AddInitScriptAsync(WallPages.StaticScreenScript);
        var guest = await WallPages.OpenGuestAsync(GuestContext, GuestLink(workshop), "Eve");
        using var api = stack.Host(workshop);
        var guestId = await WallPages.GuestIdAsync(guest);
        var checks = await WallPages.CounterAsync(guest, "checks");

        await WallPages.WaitForChecksAsync(guest, checks + 3);

        Assert.Equal(1, (await api.GetGuestAsync(guestId)).GetProperty("uploads").GetInt32());
        Assert.Equal(1, await WallPages.CounterAsync(guest, "uploads"));
        var host = await OpenHostAsync(workshop);
        await WallPages.WaitForImageAsync(host, "Eve");
        await Expect(host.Locator("#count-stale")).ToHaveTextAsync("0");

        await guest.EvaluateAsync("""
            () => {
              const context = window.fakeScreen.getContext('2d');
              context.fillStyle = '#ffcc00';
              context.fillRect(100, 100, 500, 200);
            }
            """);
        await WallPages.WaitForUploadsAsync(guest, 2);
        Assert.Equal(2, (await api.GetGuestAsync(guestId)).GetProperty("uploads").GetInt32());
    }

    [Fact]
    public async Task A_snapshot_the_host_page_failed_to_load_shows_once_it_loads_though_the_screen_never_changes()
    {
        var workshop = await stack.CreateWorkshopAsync();
        var host = await OpenHostAsync(workshop);
        var requests = 0;
        await host.RouteAsync("**/snapshots/*", async route =>
        {
            switch (Interlocked.Increment(ref requests))
            {
                case 1: await route.AbortAsync("internetdisconnected"); break;
                case 2: await route.FulfillAsync(new() { Status = 503, ContentType = "application/problem+json", Body = """{"title":"Service Unavailable","status":503}""" }); break;
                default: await route.ContinueAsync(); break;
            }
        });
        await GuestContext.AddInitScriptAsync(WallPages.StaticScreenScript);

        var guest = await WallPages.OpenGuestAsync(GuestContext, GuestLink(workshop), "Kit");

        await WallPages.WaitForImageAsync(host, "Kit");
        Assert.Equal(1, await WallPages.CounterAsync(guest, "uploads"));
        Assert.Equal(3, requests);
    }

    [Fact]
    public async Task A_sharing_guest_that_goes_silent_turns_stale_and_back_when_it_returns()
    {
        var workshop = await stack.CreateWorkshopAsync();
        var host = await OpenHostAsync(workshop);
        await WallPages.OpenGuestAsync(GuestContext, GuestLink(workshop), "Gil");
        await WallPages.WaitForImageAsync(host, "Gil");
        await Expect(host.Locator("#count-stale")).ToHaveTextAsync("0");

        await GuestContext.SetOfflineAsync(true);

        await Expect(WallPages.Panel(host, "Gil").Locator(".wall-badge-stale")).ToHaveCountAsync(1, new() { Timeout = WallPages.Generous });
        await Expect(host.Locator("#count-stale")).ToHaveTextAsync("1");
        Assert.Equal("sharing", await WallPages.Panel(host, "Gil").GetAttributeAsync("data-status"));
        await GuestContext.SetOfflineAsync(false);
        await Expect(WallPages.Panel(host, "Gil").Locator(".wall-badge-stale")).ToHaveCountAsync(0, new() { Timeout = WallPages.Generous });
    }

    [Fact]
    public async Task The_host_removes_a_guest_whose_panel_leaves_every_host_page_and_whose_page_stops_sharing()
    {
        var workshop = await stack.CreateWorkshopAsync();
        var host = await OpenHostAsync(workshop);
        var otherHost = await OpenHostAsync(workshop);
        var hal = await WallPages.OpenGuestAsync(GuestContext, GuestLink(workshop), "Hal");
        await WallPages.OpenGuestAsync(GuestContext, GuestLink(workshop), "Ida");
        await WallPages.WaitForImageAsync(host, "Hal");
        await WallPages.WaitForImageAsync(otherHost, "Ida");
        string? asked = null;
        host.Dialog += (_, dialog) =>
        {
            asked = dialog.Message;
            _ = dialog.AcceptAsync();
        };

        await WallPages.Panel(host, "Hal").Locator(".wall-remove").ClickAsync();

        await Expect(WallPages.Panel(host, "Hal")).ToHaveCountAsync(0, new() { Timeout = WallPages.Generous });
        Assert.Contains("Hal", asked, StringComparison.Ordinal);
        await Expect(host.Locator("#enlarged")).ToBeHiddenAsync();
        await Expect(WallPages.Panel(otherHost, "Hal")).ToHaveCountAsync(0, new() { Timeout = WallPages.Generous });
        await Expect(otherHost.Locator(".wall-panel")).ToHaveCountAsync(1);
        await Expect(WallPages.Panel(otherHost, "Ida")).ToHaveCountAsync(1);
        // Hal's page hears of it at its next snapshot or heartbeat.
        await Expect(hal.Locator("#share-status")).ToHaveAttributeAsync("data-state", "stopped", new() { Timeout = WallPages.Generous });
        await Expect(hal.Locator("#error")).ToContainTextAsync("removed");
        await otherHost.ReloadAsync();
        await WallPages.WaitForImageAsync(otherHost, "Ida");
        await Expect(otherHost.Locator(".wall-panel")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_guest_who_reloads_keeps_the_same_panel()
    {
        var workshop = await stack.CreateWorkshopAsync();
        var guest = await WallPages.OpenGuestAsync(GuestContext, GuestLink(workshop), "Fin");
        var guestId = await WallPages.GuestIdAsync(guest);

        await guest.ReloadAsync();

        await Expect(guest.Locator("#guest-name")).ToHaveTextAsync("Fin", new() { Timeout = WallPages.Generous });
        Assert.Equal(guestId, await WallPages.GuestIdAsync(guest));
        await guest.ClickAsync("#start");
        await WallPages.WaitForUploadsAsync(guest, 1);
        using var api = stack.Host(workshop);
        var wall = await api.GetWallAsync();
        var only = Assert.Single(wall.GetProperty("guests").EnumerateArray());
        Assert.Equal(("Fin", "sharing"), (only.GetProperty("name").GetString(), only.GetProperty("status").GetString()));
        // One before the reload, at least one after (a loaded machine may fit in another tick before this reads).
        Assert.True(only.GetProperty("uploads").GetInt32() >= 2);
    }

    private async Task<(string HostLink, string GuestLink)> CreateWorkshopOnTheAdminPageAsync()
    {
        await using var admin = await Chromium.NewContextAsync(Output);
        var page = await admin.NewPageAsync();
        await page.GotoAsync(new Uri(stack.GatewayUri, "/signin?returnUrl=%2Fcollect%2Fnew").ToString());
        await page.FillAsync("#password", HirobaStack.AdminPassword);
        await page.PressAsync("#password", "Enter");
        // Polls the address rather than waiting for a navigation event, which a loaded machine can deliver before the wait starts.
        await Expect(page).ToHaveURLAsync(new Uri(stack.GatewayUri, "/collect/new").ToString(), new() { Timeout = WallPages.Generous });
        await Expect(page.Locator("#new-workshop")).ToBeVisibleAsync(new() { Timeout = WallPages.Generous });
        await page.FillAsync("#title", "Playwright workshop");
        await page.FillAsync("#interval", "1");
        await page.ClickAsync("#create");
        await Expect(page.Locator("#created")).ToBeVisibleAsync(new() { Timeout = WallPages.Generous });
        var hostLink = await page.InputValueAsync("#host-link");
        var guestLink = await page.InputValueAsync("#guest-link");
        Assert.Contains("#key=", hostLink, StringComparison.Ordinal);
        Assert.DoesNotContain("key", guestLink, StringComparison.Ordinal);
        await stack.WaitUntilKnownAsync(new Uri(guestLink).Query.Split('=')[1]);
        return (hostLink, guestLink);
    }

    private Task<IPage> OpenHostAsync(Workshop workshop) => WallPages.OpenHostAsync(HostContext, stack.HostLink(workshop));

    private string GuestLink(Workshop workshop) => stack.GuestLink(workshop);
}
