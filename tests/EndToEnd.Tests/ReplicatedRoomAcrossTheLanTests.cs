using System.Runtime.Versioning;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Lan;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Hiroba.EndToEnd.Tests;

/// <summary>
/// The workshop across the LAN, over HTTPS, with two processes of every backend behind the gateway
/// (HIROBA_REPLICAS=2): a guest's Chromium on the guest host and the host's on the server meet whichever process they
/// reached, and the wall carries on when its process dies.
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(LanRoomsCollection.Name)]
public sealed class ReplicatedRoomAcrossTheLanTests(ReplicatedLanRoom room, ITestOutputHelper output)
    : LanRoomPages(room, output), IClassFixture<ReplicatedLanRoom>
{
    [Fact]
    public async Task A_call_whose_pages_reached_different_signaling_processes_connects_through_coturn_and_decodes_video()
    {
        var callRoom = $"lan-{Guid.NewGuid():N}"[..16];
        await CallThroughCoturnAsync(callRoom, frames: 30);
        // One page reached the process that does not run the room, which relayed it there.
        Assert.Single(Enumerable.Range(1, 2), replica => Room.Stack.Replica("Signaling", replica).RecentOutput
            .Any(line => line.Contains($"room {callRoom}, which lives on replica", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_guest_on_the_lan_stays_on_the_hosts_wall_when_the_workshops_snapshots_process_dies()
    {
        var workshop = await Room.CreateWorkshopAsync(HostContext, "Wall across the LAN, two processes");
        var wall = await WallPages.OpenHostAsync(HostContext, workshop.HostLink);
        // A still screen: its snapshot changes only when the page sends it again to the process that took the workshop over.
        await GuestContext.AddInitScriptAsync(WallPages.StaticScreenScript);
        var guest = await WallPages.OpenGuestAsync(GuestContext, workshop.GuestLink, "Ann");
        await WallPages.WaitForImageAsync(wall, "Ann");
        var image = WallPages.Panel(wall, "Ann").Locator("img[data-snapshot-id]");
        var before = await image.GetAttributeAsync("data-snapshot-id");
        var owner = await OwnerAsync(workshop, await WallPages.GuestIdAsync(guest));

        await Room.Stack.Replica("Snapshots", owner).KillAsync();
        try
        {
            await Expect(image).Not.ToHaveAttributeAsync("data-snapshot-id", before!, new() { Timeout = WallPages.Generous });
            await WallPages.WaitForImageAsync(wall, "Ann");
            await Expect(wall.Locator(".wall-panel")).ToHaveCountAsync(1);
            await Expect(guest.Locator("#error")).ToBeHiddenAsync(new() { Timeout = WallPages.Generous });
            Assert.Equal(3 - owner, await OwnerAsync(workshop, await WallPages.GuestIdAsync(guest)));
        }
        finally
        {
            await Room.Stack.Replica("Snapshots", owner).RestartAsync();
        }
    }

    private async Task<int> OwnerAsync(CreatedWorkshop workshop, string guestId) =>
        (await WallOwners.FindAsync(Room.Stack, workshop.RoomId, Uri.UnescapeDataString(new Uri(workshop.HostLink).Fragment["#key=".Length..]), guestId))
        ?? throw new Xunit.Sdk.XunitException($"No Snapshots process lists guest {guestId}.");
}
