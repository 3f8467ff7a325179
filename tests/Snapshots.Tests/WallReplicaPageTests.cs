using System.Text.RegularExpressions;
using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Hiroba.Snapshots.Tests;

/// <summary>
/// The screen wall in Chromium with two Snapshots processes: a guest page and a host page reach the workshop's process
/// over their different paths; when that process dies both pages carry on at the other one by themselves, and when it
/// returns they follow the workshop back.
/// </summary>
[Collection(SnapshotsReplicasCollection.Name)]
public sealed class WallReplicaPageTests(SnapshotsReplicasStack stack, ChromiumFixture chromium, ITestOutputHelper output)
    : WallPageContexts(chromium, output)
{
    [Fact]
    public async Task When_the_workshops_process_dies_the_host_sees_the_stuck_guest_and_its_unchanged_screen_again_without_a_reload()
    {
        var workshop = await stack.CreateWorkshopAsync();
        var host = await WallPages.OpenHostAsync(HostContext, stack.HostLink(workshop));
        // A still screen: after the takeover the page must send it again although it did not change.
        await GuestContext.AddInitScriptAsync(WallPages.StaticScreenScript);
        var guest = await WallPages.OpenGuestAsync(GuestContext, stack.GuestLink(workshop), "Ann");
        await WallPages.WaitForImageAsync(host, "Ann");
        await guest.ClickAsync("#stuck");
        var stuck = WallPages.Panel(host, "Ann").Locator(".wall-badge-stuck");
        await Expect(stuck).ToHaveCountAsync(1, new() { Timeout = WallPages.Generous });
        var guestId = await WallPages.GuestIdAsync(guest);
        var owner = (await stack.OwnerOfAsync(workshop, guestId))!.Value;
        var image = WallPages.Panel(host, "Ann").Locator("img[data-snapshot-id]");
        var before = await image.GetAttributeAsync("data-snapshot-id");

        await stack.Snapshots(owner).KillAsync();
        try
        {
            await Expect(image).Not.ToHaveAttributeAsync("data-snapshot-id", before!, new() { Timeout = WallPages.Generous });
            await WallPages.WaitForImageAsync(host, "Ann");
            await Expect(stuck).ToHaveCountAsync(1, new() { Timeout = WallPages.Generous });
            await Expect(host.Locator(".wall-panel")).ToHaveCountAsync(1);
            await Expect(host.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
            Assert.Equal(3 - owner, await stack.OwnerOfAsync(workshop, guestId));
            Assert.Equal(guestId, await WallPages.GuestIdAsync(guest));
            await Expect(guest.Locator("#share-status")).ToHaveAttributeAsync("data-state", "sharing");
            // Whatever failed while the workshop moved is not left on the guest's page.
            await Expect(guest.Locator("#error")).ToBeHiddenAsync(new() { Timeout = WallPages.Generous });

            var atOther = await image.GetAttributeAsync("data-snapshot-id");
            await stack.RestartAsync(owner);
            // Back at its owner, which kept an older snapshot: the live wall follows the workshop there, and shows the
            // screen the page sends again and the hand the guest lowers.
            await Expect(image).ToHaveAttributeAsync("data-snapshot-id", new Regex($"^(?!({before}|{atOther})$)"), new() { Timeout = WallPages.Generous });
            await guest.ClickAsync("#stuck");
            await Expect(stuck).ToHaveCountAsync(0, new() { Timeout = WallPages.Generous });
            await Expect(host.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
        }
        finally
        {
            await stack.RestartIfDownAsync(owner);
        }
    }
}
