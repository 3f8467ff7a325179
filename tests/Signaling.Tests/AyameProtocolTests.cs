using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.Signaling.Tests;

/// <summary>The Ayame-compatible endpoint <c>/signaling</c> with a raw WebSocket client (protocols.md §1).</summary>
public sealed class AyameProtocolTests(SignalingStack stack) : IClassFixture<SignalingStack>
{
    [Fact]
    public async Task Register_accepts_two_with_ice_servers_relays_verbatim_and_rejects_a_third_as_full()
    {
        await using var first = await RegisterAsync("ayame-pair", "momo");
        var accept = await first.ReceiveAsync();
        Assert.Equal("accept", accept.GetProperty("type").GetString());
        Assert.Equal(26, accept.GetProperty("connectionId").GetString()!.Length);
        Assert.False(accept.GetProperty("isExistClient").GetBoolean());
        Assert.False(accept.GetProperty("isExistUser").GetBoolean());
        var iceServers = accept.GetProperty("iceServers").EnumerateArray().ToArray();
        Assert.All(iceServers, server => Assert.Equal(JsonValueKind.Array, server.GetProperty("urls").ValueKind));
        Assert.Contains(iceServers, server => server.TryGetProperty("credential", out _) &&
            server.GetProperty("urls")[0].GetString()!.StartsWith("turn:", StringComparison.Ordinal));

        await using var second = await RegisterAsync("ayame-pair", "viewer");
        var secondAccept = await second.ReceiveAsync();
        Assert.True(secondAccept.GetProperty("isExistClient").GetBoolean());
        Assert.True(secondAccept.GetProperty("isExistUser").GetBoolean());

        const string offer = """{"type":"offer","sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" , "extra" : [1, {"kept": true}]}""";
        await second.SendTextAsync(offer);
        Assert.Equal(offer, await ReceiveNonPingTextAsync(first));
        const string candidate = """{"type":"candidate","ice":{"candidate":"candidate:1 1 udp 1 127.0.0.1 9 typ host","sdpMid":"0","sdpMLineIndex":0}}""";
        await first.SendTextAsync(candidate);
        Assert.Equal(candidate, await ReceiveNonPingTextAsync(second));

        await using var third = await RegisterAsync("ayame-pair", "third");
        var reject = await third.ReceiveAsync();
        Assert.Equal(("reject", "full"), (reject.GetProperty("type").GetString(), reject.GetProperty("reason").GetString()));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await third.WaitClosedAsync());
    }

    [Fact]
    public async Task When_one_peer_leaves_the_other_gets_bye_and_a_normal_close()
    {
        await using var first = await RegisterAsync("ayame-bye", "a");
        await first.ReceiveAsync("accept");
        var second = await RegisterAsync("ayame-bye", "b");
        await second.ReceiveAsync("accept");

        await second.DisposeAsync();

        await first.ReceiveAsync("bye");
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await first.WaitClosedAsync());
        await using var again = await RegisterAsync("ayame-bye", "c");
        Assert.False((await again.ReceiveAsync("accept")).GetProperty("isExistClient").GetBoolean());
    }

    [Fact]
    public async Task The_server_pings_every_five_seconds_from_connect_time()
    {
        await using var client = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);

        var first = await client.ReceiveTextAsync(TimeSpan.FromSeconds(15));
        var second = await client.ReceiveTextAsync(TimeSpan.FromSeconds(15));

        Assert.Equal("""{"type":"ping"}""", first);
        Assert.Equal("""{"type":"ping"}""", second);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("null")]
    [InlineData("""{"type":"dance"}""")]
    [InlineData("""{"type":"offer","sdp":"v=0"}""")]
    [InlineData("""{"type":"register"}""")]
    [InlineData("""{"type":"register","roomId":""}""")]
    public async Task Unexpected_messages_close_the_connection_and_are_logged(string message)
    {
        await using var client = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);

        await client.SendTextAsync(message);

        await client.WaitClosedAsync();
        Assert.DoesNotContain(client.Drain(), text => text.Contains("accept", StringComparison.Ordinal) || text.Contains("reject", StringComparison.Ordinal));
        await Eventually.TrueAsync(() => Task.FromResult(stack.SignalingLog.Any(line =>
            line.Contains("Ayame connection", StringComparison.Ordinal) &&
            (line.Contains("InvalidJSON", StringComparison.Ordinal) || line.Contains("UnexpectedJSON", StringComparison.Ordinal) ||
             line.Contains("InvalidMessageType", StringComparison.Ordinal) || line.Contains("RegistrationIncomplete", StringComparison.Ordinal) ||
             line.Contains("MissingRoomID", StringComparison.Ordinal)))), "the reason is logged");
    }

    [Fact]
    public async Task A_frame_over_one_mebibyte_closes_the_connection_and_the_room_partner_gets_bye()
    {
        await using var first = await RegisterAsync("ayame-big", "a");
        await first.ReceiveAsync("accept");
        await using var second = await RegisterAsync("ayame-big", "b");
        await second.ReceiveAsync("accept");

        await second.SendTextAsync($$"""{"type":"offer","sdp":"{{new string('x', 1024 * 1024)}}"}""");

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await second.WaitClosedAsync());
        await first.ReceiveAsync("bye");
        await stack.WaitForSignalingLogAsync("ReadLimitExceeded");
    }

    [Fact]
    public async Task A_room_signaling_key_is_required_as_key_or_signalingKey_and_signalingKey_wins()
    {
        await stack.CreateKeyedRoomAsync("camera-1", "camera-1-key", capacity: 2, kind: "camera");

        await using var wrong = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await wrong.SendAsync(new { type = "register", roomId = "camera-1", clientId = "x", key = "wrong" });
        Assert.Equal("InvalidSignalingKey", (await wrong.ReceiveAsync("reject")).GetProperty("reason").GetString());

        await using var momo = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await momo.SendAsync(new { type = "register", roomId = "camera-1", clientId = "momo", key = "camera-1-key" });
        await momo.ReceiveAsync("accept");

        await using var sdk = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await sdk.SendAsync(new { type = "register", roomId = "camera-1", key = "wrong", signalingKey = "camera-1-key" });
        Assert.True((await sdk.ReceiveAsync("accept")).GetProperty("isExistUser").GetBoolean());
    }

    [Fact]
    public async Task A_media_server_takes_the_first_seat_of_a_camera_room_so_the_camera_registering_again_offers_to_it()
    {
        await stack.CreateKeyedRoomAsync("camera-shared", "camera-shared-key", capacity: 2, kind: "camera");
        await using var momo = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await momo.SendAsync(new { type = "register", roomId = "camera-shared", clientId = "momo", key = "camera-shared-key" });
        Assert.False((await momo.ReceiveAsync("accept")).GetProperty("isExistUser").GetBoolean());

        await using var bridge = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await bridge.SendAsync(new
        {
            type = "register", roomId = "camera-shared", clientId = "hiroba-publisher", signalingKey = "camera-shared-key",
            authnMetadata = new { role = "media-server" },
        });

        Assert.False((await bridge.ReceiveAsync("accept")).GetProperty("isExistUser").GetBoolean());
        await momo.ReceiveAsync("bye");
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await momo.WaitClosedAsync());
        await using var momoAgain = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await momoAgain.SendAsync(new { type = "register", roomId = "camera-shared", clientId = "momo", key = "camera-shared-key" });
        Assert.True((await momoAgain.ReceiveAsync("accept")).GetProperty("isExistUser").GetBoolean());
        const string Offer = """{"type":"offer","sdp":"v=0 from momo"}""";
        await momoAgain.SendTextAsync(Offer);
        Assert.Equal(Offer, await ReceiveNonPingTextAsync(bridge));
        // The seat-taking did not end the room: the bridge is still in it, with the camera.
        Assert.False(bridge.Closed.IsCompleted);
    }

    [Fact]
    public async Task The_media_server_role_takes_no_seat_in_a_call_room_nor_in_a_full_camera_room()
    {
        await using var caller = await RegisterAsync("call-with-role", "caller");
        await caller.ReceiveAsync("accept");
        await using var server = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await server.SendAsync(new { type = "register", roomId = "call-with-role", clientId = "s", authnMetadata = new { role = "media-server" } });
        Assert.True((await server.ReceiveAsync("accept")).GetProperty("isExistUser").GetBoolean());

        await stack.CreateKeyedRoomAsync("camera-watched", "camera-watched-key", capacity: 2, kind: "camera");
        await using var momo = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await momo.SendAsync(new { type = "register", roomId = "camera-watched", clientId = "momo", key = "camera-watched-key" });
        await momo.ReceiveAsync("accept");
        await using var viewer = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await viewer.SendAsync(new { type = "register", roomId = "camera-watched", clientId = "viewer", signalingKey = "camera-watched-key" });
        await viewer.ReceiveAsync("accept");
        await using var late = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await late.SendAsync(new
        {
            type = "register", roomId = "camera-watched", clientId = "late", signalingKey = "camera-watched-key", authnMetadata = new { role = "media-server" },
        });

        Assert.Equal("full", (await late.ReceiveAsync("reject")).GetProperty("reason").GetString());
        const string Offer = """{"type":"offer","sdp":"v=0 from the viewer"}""";
        await viewer.SendTextAsync(Offer);
        Assert.Equal(Offer, await ReceiveNonPingTextAsync(momo));
        Assert.False(caller.Closed.IsCompleted);
    }

    [Fact]
    public async Task The_health_check_path_answers_200_with_no_body()
    {
        using var client = stack.Service("Signaling").CreateClient();

        var response = await client.GetAsync("/.ok");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    private async Task<SignalingClient> RegisterAsync(string roomId, string clientId)
    {
        var client = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await client.SendAsync(new { type = "register", roomId, clientId, ayameClient = "test" });
        return client;
    }

    private static async Task<string> ReceiveNonPingTextAsync(SignalingClient client)
    {
        while (true)
        {
            var text = await client.ReceiveTextAsync();
            if (text != """{"type":"ping"}""")
            {
                return text;
            }
        }
    }
}
