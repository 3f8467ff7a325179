using Hiroba.TestSupport;
using Xunit.Abstractions;

namespace Hiroba.Signaling.Tests;

/// <summary>The unmodified Ayame web SDK in Chromium through the gateway, with two Signaling processes behind it (HIROBA_REPLICAS=2).</summary>
public sealed class ReplicaAyameSdkTests(SignalingReplicasStack stack, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<SignalingReplicasStack>, IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private AyameSdkPages _pages = null!;

    public async Task InitializeAsync() => _pages = await AyameSdkPages.StartAsync(chromium, output);

    public async Task DisposeAsync() => await _pages.DisposeAsync();

    [Fact]
    public async Task An_sdk_pair_whose_pages_land_on_different_replicas_exchanges_video()
    {
        var first = await _pages.RegisterAsync(stack.AyameSignalingUri, "sdk-split");
        var second = await _pages.RegisterAsync(stack.AyameSignalingUri, "sdk-split");

        await AyameSdkPages.WaitForDecodedVideoAsync(first);
        await AyameSdkPages.WaitForDecodedVideoAsync(second);
        // The gateway took turns: the second page reached the other replica, which relays it to the room's.
        await Eventually.TrueAsync(() => stack.RelayingReplica("sdk-split") is not null, "one replica relays an SDK page to the room's replica");
        Assert.Null(await first.EvaluateAsync<string?>("() => ayameTest.disconnectReason"));
    }
}
