using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.Signaling.Tests;

/// <summary>Call pages in Chromium through the gateway, with two Signaling processes behind it (HIROBA_REPLICAS=2).</summary>
public sealed class ReplicaFailoverCallPageTests(SignalingReplicasStack stack, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<SignalingReplicasStack>, IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private IBrowserContext _context = null!;

    public async Task InitializeAsync() => _context = await chromium.NewContextAsync(output);

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Pages_on_different_replicas_see_each_other_and_join_again_by_themselves_when_the_rooms_replica_dies()
    {
        var ann = await CallPage.OpenAsync(_context, stack.GatewayUri, "recovering");
        await ann.JoinAsync("Ann");
        var ben = await CallPage.OpenAsync(_context, stack.GatewayUri, "recovering");
        await ben.JoinAsync("Ben");
        await ann.WaitForConnectedPeersAsync("Ben");
        await ben.WaitForConnectedPeersAsync("Ann");
        await ann.WaitForDecodedVideoAsync();
        await ben.WaitForDecodedVideoAsync();
        // The gateway took turns (its load-balancing policy, which it ignored, choosing at random, before its proxy
        // pipeline had YARP's load-balancing step): one page reached the other replica, which relays it to the room's.
        int? relaying = null;
        await Eventually.TrueAsync(() => (relaying = stack.RelayingReplica("recovering")) is not null, "one replica relays a page to the room's replica");
        var home = 3 - relaying!.Value;
        var (annBefore, benBefore) = (await PeerIdOfAsync(ann, "Ben"), await PeerIdOfAsync(ben, "Ann"));

        await stack.Replica("Signaling", home).KillAsync();

        // Nobody clicks: each page joins again (the one on the dead replica at once, the relayed one once its replica
        // has given the dead one up), the gateway leaves the dead replica out, and the call comes back there.
        await WaitForNewConnectedPeerAsync(ann, "Ben", oldPeerId: annBefore);
        await WaitForNewConnectedPeerAsync(ben, "Ann", oldPeerId: benBefore);
        await ann.WaitForDecodedVideoAsync();
        await ben.WaitForDecodedVideoAsync();
    }

    private static Task<string> PeerIdOfAsync(CallPage page, string name) =>
        page.Page.EvalOnSelectorAsync<string>($".call-tile[data-name='{name}']", "tile => tile.dataset.peerId");

    private static async Task WaitForNewConnectedPeerAsync(CallPage page, string name, string oldPeerId)
    {
        await page.Page.WaitForFunctionAsync(
            """
            ([name, old]) => [...document.querySelectorAll('.call-tile[data-peer-id]')]
              .some(tile => tile.dataset.name === name && tile.dataset.peerId !== old && tile.dataset.state === 'connected')
            """, new[] { name, oldPeerId }, new() { Timeout = 60_000, PollingInterval = 250 });
        await page.WaitForConnectedPeersAsync(name);
    }
}
