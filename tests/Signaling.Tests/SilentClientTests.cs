using System.Diagnostics;
using System.Net.WebSockets;

namespace Hiroba.Signaling.Tests;

/// <summary>Dead-peer detection on both endpoints, with timers shortened from the defaults (Ayame: 5 s / 60 s / 90 s; here 1 s / 5 s / 8 s).</summary>
public sealed class SilentClientTests(ShortTimeoutStack stack) : IClassFixture<ShortTimeoutStack>
{
    [Fact]
    public async Task An_ayame_client_that_never_answers_ping_is_dropped_and_its_partner_gets_bye()
    {
        await using var silent = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await silent.SendAsync(new { type = "register", roomId = "silent", clientId = "silent" });
        await using var answering = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await answering.SendAsync(new { type = "register", roomId = "silent", clientId = "answering" });
        var stopwatch = Stopwatch.StartNew();
        using var ponging = PongWhilePinged(answering);

        await silent.WaitClosedAsync();

        Assert.True(stopwatch.Elapsed > TimeSpan.FromSeconds(2), $"dropped after {stopwatch.Elapsed}, before the pong timeout");
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await answering.WaitClosedAsync());
        await stack.WaitForSignalingLogAsync("PongTimeout");
    }

    [Fact]
    public async Task An_ayame_client_that_answers_ping_stays_connected()
    {
        await using var client = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await client.SendAsync(new { type = "register", roomId = "lively", clientId = "lively" });
        await client.ReceiveAsync("accept");

        // 8 pings, a second apart: longer than the pong timeout (5 s here).
        for (var i = 0; i < 8; i++)
        {
            await client.ReceiveTextAsync();
            await client.SendAsync(new { type = "pong" });
        }

        Assert.False(client.Closed.IsCompleted);
    }

    [Fact]
    public async Task A_silent_client_of_the_own_protocol_is_dropped_and_leaves_its_room()
    {
        await using var ann = await SignalingClient.ConnectAsync(stack.CallSignalingUri);
        await ann.SendAsync(new { type = "join", room = "quiet", name = "Ann" });
        await ann.ReceiveAsync("welcome");
        using var ponging = PongWhilePinged(ann, skipOthers: false);
        await using var silent = await SignalingClient.ConnectAsync(stack.CallSignalingUri);
        await silent.SendAsync(new { type = "join", room = "quiet", name = "Silent" });

        await silent.WaitClosedAsync();

        await ponging.WaitForAsync("peer-left");
        await stack.WaitForSignalingLogAsync("timed out");
    }

    private static PongLoop PongWhilePinged(SignalingClient client, bool skipOthers = true) => new(client, skipOthers);
}
