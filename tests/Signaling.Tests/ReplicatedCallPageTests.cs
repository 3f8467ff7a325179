using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.Signaling.Tests;

/// <summary>The call page in Chromium through the gateway, its signaling reaching one Signaling replica and its room living on another.</summary>
public sealed class ReplicatedCallPageTests(ReplicatedSignalingStack stack, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<ReplicatedSignalingStack>, IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private IBrowserContext _context = null!;

    public async Task InitializeAsync() => _context = await chromium.NewContextAsync(output);

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Two_pages_whose_signaling_is_relayed_to_the_rooms_replica_decode_each_others_video()
    {
        // A client at the first replica opens the room and leaves: the room stays there while that replica lives.
        await using (var opener = await SignalingClient.ConnectAsync(stack.FirstReplicaCallUri))
        {
            await opener.SendAsync(new { type = "join", room = "split-pair", name = "opener" });
            await opener.ReceiveAsync("welcome");
        }

        var ann = await CallPage.OpenAsync(_context, stack.GatewayUri, "split-pair");
        await ann.JoinAsync("Ann");
        var ben = await CallPage.OpenAsync(_context, stack.GatewayUri, "split-pair");
        await ben.JoinAsync("Ben");

        await ann.WaitForConnectedPeersAsync("Ben");
        await ben.WaitForConnectedPeersAsync("Ann");
        await ann.WaitForDecodedVideoAsync();
        await ben.WaitForDecodedVideoAsync();
        // The second replica's output reaches the test through a pipe read in the background.
        await Eventually.TrueAsync(() => stack.Relayed("split-pair"), "the second replica relays the pages' signaling to the first");
        await stack.WaitForSignalingLogAsync("joined room split-pair (2 peers)");
    }
}
