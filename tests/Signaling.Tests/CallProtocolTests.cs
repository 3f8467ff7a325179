using System.Net.WebSockets;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.Signaling.Tests;

/// <summary>Hiroba's own protocol on <c>/ws/signaling</c>, through the gateway (docs/signaling-protocol.md).</summary>
public sealed class CallProtocolTests(SignalingStack stack) : IClassFixture<SignalingStack>
{
    [Fact]
    public async Task Peers_are_welcomed_with_ice_servers_and_offers_reach_only_the_addressed_peer_with_its_sender()
    {
        await using var ann = await JoinAsync("relay", "Ann");
        var annWelcome = await ann.ReceiveAsync("welcome");
        var annId = annWelcome.GetProperty("peerId").GetString()!;
        Assert.Empty(annWelcome.GetProperty("peers").EnumerateArray());
        var turn = annWelcome.GetProperty("iceServers").EnumerateArray().Single(server => server.TryGetProperty("username", out _));
        Assert.All(turn.GetProperty("urls").EnumerateArray(), url => Assert.StartsWith("turn:", url.GetString(), StringComparison.Ordinal));
        Assert.False(string.IsNullOrEmpty(turn.GetProperty("credential").GetString()));

        await using var ben = await JoinAsync("relay", "Ben");
        var benWelcome = await ben.ReceiveAsync("welcome");
        var benId = benWelcome.GetProperty("peerId").GetString()!;
        Assert.Equal([(annId, "Ann")], Peers(benWelcome));
        var joined = await ann.ReceiveAsync("peer-joined");
        Assert.Equal((benId, "Ben"), (joined.GetProperty("peerId").GetString(), joined.GetProperty("name").GetString()));

        await using var cat = await JoinAsync("relay", "Cat");
        await cat.ReceiveAsync("welcome");
        await ann.ReceiveAsync("peer-joined");
        await ben.ReceiveAsync("peer-joined");

        await ben.SendAsync(new { type = "offer", to = annId, sdp = "v=0 offer from ben", extra = new { kept = true } });
        var offer = await ann.ReceiveAsync("offer");
        Assert.Equal(benId, offer.GetProperty("from").GetString());
        Assert.Equal("v=0 offer from ben", offer.GetProperty("sdp").GetString());
        Assert.True(offer.GetProperty("extra").GetProperty("kept").GetBoolean());

        await ann.SendAsync(new { type = "answer", to = benId, sdp = "v=0 answer" });
        await ann.SendAsync(new { type = "candidate", to = benId, candidate = new { candidate = "candidate:1 1 udp 1 127.0.0.1 9 typ host", sdpMid = "0" } });
        Assert.Equal(annId, (await ben.ReceiveAsync("answer")).GetProperty("from").GetString());
        Assert.Equal("0", (await ben.ReceiveAsync("candidate")).GetProperty("candidate").GetProperty("sdpMid").GetString());

        await cat.SendAsync(new { type = "leave" });
        var left = await ann.ReceiveAsync("peer-left");
        Assert.Equal(left.GetProperty("peerId").GetString(), (await ben.ReceiveAsync("peer-left")).GetProperty("peerId").GetString());
        Assert.DoesNotContain(cat.Drain(), message => message.Contains("\"offer\"", StringComparison.Ordinal) || message.Contains("\"answer\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rooms_stay_isolated()
    {
        await using var inA = await JoinAsync("isolated-a", "A");
        var aId = (await inA.ReceiveAsync("welcome")).GetProperty("peerId").GetString();
        await using var inB = await JoinAsync("isolated-b", "B");
        var bWelcome = await inB.ReceiveAsync("welcome");
        Assert.Empty(bWelcome.GetProperty("peers").EnumerateArray());

        await inB.SendAsync(new { type = "offer", to = aId, sdp = "v=0" });

        Assert.Equal("unknown-peer", (await inB.ReceiveAsync("error")).GetProperty("code").GetString());
        await inB.SendAsync(new { type = "pong" });
        await inA.SendAsync(new { type = "pong" });
        Assert.DoesNotContain(inA.Drain(), message => message.Contains("offer", StringComparison.Ordinal) || message.Contains("peer-joined", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_messages_get_documented_errors_and_the_connection_and_room_keep_working()
    {
        await using var ann = await JoinAsync("bad-input", "Ann");
        var annId = (await ann.ReceiveAsync("welcome")).GetProperty("peerId").GetString()!;
        await using var bad = await SignalingClient.ConnectAsync(stack.CallSignalingUri);

        await AssertErrorAsync(bad, "{not json", "bad-message");
        await AssertErrorAsync(bad, "[1,2]", "bad-message");
        await AssertErrorAsync(bad, """{"type":"dance"}""", "bad-message");
        await AssertErrorAsync(bad, """{"type":"join","room":"bad-input"}""", "bad-message");
        await AssertErrorAsync(bad, """{"type":"join","room":"no spaces allowed","name":"x"}""", "bad-message");
        await AssertErrorAsync(bad, """{"type":"offer","to":"someone","sdp":"v=0"}""", "not-joined");

        await bad.SendAsync(new { type = "join", room = "bad-input", name = "Bad" });
        var badId = (await bad.ReceiveAsync("welcome")).GetProperty("peerId").GetString();
        await AssertErrorAsync(bad, """{"type":"offer","to":"nobody","sdp":"v=0"}""", "unknown-peer");
        await AssertErrorAsync(bad, $$"""{"type":"offer","to":"{{annId}}"}""", "bad-message");
        await AssertErrorAsync(bad, $$"""{"type":"candidate","to":"{{annId}}","candidate":"text"}""", "bad-message");
        await AssertErrorAsync(bad, $$"""{"type":"offer","to":"{{annId}}","sdp":"v=0","from":"{{annId}}"}""", "bad-message");
        await AssertErrorAsync(bad, """{"type":"join","room":"other","name":"Again"}""", "already-joined");

        await bad.SendAsync(new { type = "offer", to = annId, sdp = "v=0 still works" });
        var offer = await ann.ReceiveAsync("offer");
        Assert.Equal(badId, offer.GetProperty("from").GetString());
        await stack.WaitForSignalingLogAsync("bad-message", "Unknown message type 'dance'");
        await stack.WaitForSignalingLogAsync("unknown-peer");
    }

    [Fact]
    public async Task An_oversized_frame_is_refused_with_too_large_and_closed_without_harming_the_room()
    {
        await using var ann = await JoinAsync("oversized", "Ann");
        var annId = (await ann.ReceiveAsync("welcome")).GetProperty("peerId").GetString()!;
        await using var big = await JoinAsync("oversized", "Big");
        await big.ReceiveAsync("welcome");
        await using var ben = await JoinAsync("oversized", "Ben");
        await ben.ReceiveAsync("welcome");

        await big.SendAsync(new { type = "offer", to = annId, sdp = new string('x', 70 * 1024) });

        Assert.Equal("too-large", (await big.ReceiveAsync("error")).GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await big.WaitClosedAsync());
        await ann.ReceiveAsync("peer-left");
        await ben.SendAsync(new { type = "offer", to = annId, sdp = "v=0" });
        await ann.ReceiveAsync("offer");
        await stack.WaitForSignalingLogAsync("too-large");
    }

    [Fact]
    public async Task A_flooding_client_is_rate_limited_then_closed_while_others_keep_working()
    {
        await using var ann = await JoinAsync("flood", "Ann");
        var annId = (await ann.ReceiveAsync("welcome")).GetProperty("peerId").GetString()!;
        await using var flooder = await SignalingClient.ConnectAsync(stack.CallSignalingUri);

        try
        {
            for (var i = 0; i < 2000 && !flooder.Closed.IsCompleted; i++)
            {
                await flooder.SendTextAsync("""{"type":"pong"}""");
            }
        }
        catch (WebSocketException)
        {
            // The server closed the flooder while it was still sending.
        }

        Assert.Equal("rate-limited", (await flooder.ReceiveAsync("error")).GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await flooder.WaitClosedAsync());
        await using var ben = await JoinAsync("flood", "Ben");
        await ben.ReceiveAsync("welcome");
        await ben.SendAsync(new { type = "offer", to = annId, sdp = "v=0" });
        await ann.ReceiveAsync("offer");
        await stack.WaitForSignalingLogAsync("rate-limited", "flooding");
    }

    [Fact]
    public async Task An_ad_hoc_call_room_holds_six()
    {
        var peers = new List<SignalingClient>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var peer = await JoinAsync("six", $"P{i}");
                peers.Add(peer);
                await peer.ReceiveAsync("welcome");
            }
            await using var seventh = await JoinAsync("six", "P6");

            var error = await seventh.ReceiveAsync("error");
            Assert.Equal("room-full", error.GetProperty("code").GetString());
            Assert.Equal(WebSocketCloseStatus.NormalClosure, await seventh.WaitClosedAsync());
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Signaling_applies_what_rooms_announces_capacity_key_and_closing()
    {
        await stack.CreateKeyedRoomAsync("duo", "duo-signaling-key", capacity: 2);

        await using var noKey = await JoinAsync("duo", "NoKey");
        Assert.Equal("invalid-key", (await noKey.ReceiveAsync("error")).GetProperty("code").GetString());
        await using var first = await JoinAsync("duo", "First", "duo-signaling-key");
        await first.ReceiveAsync("welcome");
        await using var second = await JoinAsync("duo", "Second", "duo-signaling-key");
        await second.ReceiveAsync("welcome");
        await using var third = await JoinAsync("duo", "Third", "duo-signaling-key");
        Assert.Equal("room-full", (await third.ReceiveAsync("error")).GetProperty("code").GetString());

        await stack.CloseRoomAsync("duo");

        Assert.Equal("room-closed", (await first.ReceiveAsync("error")).GetProperty("code").GetString());
        Assert.Equal("room-closed", (await second.ReceiveAsync("error")).GetProperty("code").GetString());
        await first.WaitClosedAsync();
        await using var late = await JoinAsync("duo", "Late", "duo-signaling-key");
        Assert.Equal("room-closed", (await late.ReceiveAsync("error")).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_peer_that_does_not_read_is_dropped_without_holding_up_the_room()
    {
        // Straight to the service: the gateway's own buffers would only make the wait longer.
        var direct = new UriBuilder(stack.Service("Signaling").BaseUri) { Scheme = "ws", Path = "/ws/signaling" }.Uri;
        using var stalled = new ClientWebSocket();
        stalled.Options.KeepAliveInterval = TimeSpan.Zero;
        await stalled.ConnectAsync(direct, CancellationToken.None);
        await stalled.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { type = "join", room = "slow", name = "Stalled" }), WebSocketMessageType.Text, true, CancellationToken.None);
        var welcome = new byte[64 * 1024];
        var received = await stalled.ReceiveAsync(welcome, CancellationToken.None);
        var stalledId = JsonDocument.Parse(welcome.AsMemory(0, received.Count)).RootElement.GetProperty("peerId").GetString()!;
        await using var sender = await SignalingClient.ConnectAsync(direct);
        await sender.SendAsync(new { type = "join", room = "slow", name = "Sender" });
        var senderId = (await sender.ReceiveAsync("welcome")).GetProperty("peerId").GetString();
        await using var bystander = await SignalingClient.ConnectAsync(direct);
        await bystander.SendAsync(new { type = "join", room = "slow", name = "Bystander" });
        var bystanderId = (await bystander.ReceiveAsync("welcome")).GetProperty("peerId").GetString();

        // From here on the stalled peer never reads. Within the rate limit (a burst, then 40/s), keep sending it
        // 60 KB offers until its queue and the socket buffers overflow.
        var offer = new { type = "offer", to = stalledId, sdp = new string('s', 60 * 1024) };
        var dropped = false;
        for (var i = 0; i < 2000 && !dropped; i++)
        {
            await sender.SendAsync(offer);
            if (i >= 150)
            {
                await Task.Delay(25);
                dropped = stack.SignalingLog.Any(line => line.Contains($"Peer {stalledId}", StringComparison.Ordinal) && line.Contains("send queue overflowed", StringComparison.Ordinal));
            }
        }

        Assert.True(dropped, "the stalled peer was dropped as too slow");
        Assert.Equal(stalledId, (await bystander.ReceiveAsync("peer-left")).GetProperty("peerId").GetString());
        await sender.SendAsync(new { type = "offer", to = bystanderId, sdp = "v=0 still relayed" });
        Assert.Equal(senderId, (await bystander.ReceiveAsync("offer")).GetProperty("from").GetString());
    }

    [Fact]
    public async Task Peers_can_address_a_newcomer_the_moment_they_hear_of_it()
    {
        // An offer refused as unknown-peer would stall that pair. Notifying a full hall takes long enough that
        // clients talking to Signaling directly answer while the join is still being announced.
        const int Occupants = 199;
        await stack.CreateKeyedRoomAsync("crowded-hall", "hall-key", capacity: Occupants + 1);
        var signaling = new UriBuilder(stack.ServiceUri("Signaling")) { Scheme = "ws", Path = "/ws/signaling" }.Uri;
        var occupants = new List<SignalingClient>();
        try
        {
            for (var i = 0; i < Occupants; i++)
            {
                var occupant = await JoinAsync("crowded-hall", $"P{i}", "hall-key", signaling);
                occupants.Add(occupant);
                await occupant.ReceiveAsync("welcome");
            }
            for (var round = 0; round < 10; round++)
            {
                var newcomerName = $"Newcomer{round}";
                var offering = occupants.Select(occupant => OfferOnJoinAsync(occupant, newcomerName)).ToArray();
                await using var newcomer = await JoinAsync("crowded-hall", newcomerName, "hall-key", signaling);
                await newcomer.ReceiveAsync("welcome");
                await Task.WhenAll(offering);
                var offers = 0;
                try
                {
                    for (; offers < Occupants; offers++)
                    {
                        await newcomer.ReceiveAsync("offer", TimeSpan.FromSeconds(5));
                    }
                }
                catch (TimeoutException)
                {
                }
                var refusal = occupants.SelectMany(occupant => occupant.Drain()).FirstOrDefault(message => message.Contains("\"error\"", StringComparison.Ordinal));
                Assert.True(offers == Occupants, $"Round {round}: {offers} of {Occupants} offers reached the newcomer; refused with {refusal}");
            }
        }
        finally
        {
            foreach (var occupant in occupants)
            {
                await occupant.DisposeAsync();
            }
        }

        static async Task OfferOnJoinAsync(SignalingClient occupant, string newcomerName)
        {
            JsonElement joined;
            do
            {
                joined = await occupant.ReceiveAsync("peer-joined");
            }
            while (joined.GetProperty("name").GetString() != newcomerName);
            await occupant.SendAsync(new { type = "offer", to = joined.GetProperty("peerId").GetString(), sdp = "v=0" });
        }
    }

    private async Task<SignalingClient> JoinAsync(string room, string name, string? key = null, Uri? endpoint = null)
    {
        var client = await SignalingClient.ConnectAsync(endpoint ?? stack.CallSignalingUri);
        await client.SendAsync(key is null ? new { type = "join", room, name } : new { type = "join", room, name, key });
        return client;
    }

    private static async Task AssertErrorAsync(SignalingClient client, string text, string code)
    {
        await client.SendTextAsync(text);
        var error = await client.ReceiveAsync("error");
        Assert.True(code == error.GetProperty("code").GetString(), $"{text} → {error}");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    private static (string?, string?)[] Peers(JsonElement welcome) =>
        welcome.GetProperty("peers").EnumerateArray().Select(peer => (peer.GetProperty("peerId").GetString(), peer.GetProperty("name").GetString())).ToArray();
}
