using System.Net.WebSockets;
using Hiroba.TestSupport;

namespace Hiroba.Signaling.Tests;

/// <summary>The same stack with Signaling's per-address limits at their defaults (the other stacks lift them).</summary>
public sealed class DefaultLimitsStack : SignalingStack
{
    protected override IDictionary<string, string?> SettingsFor(string serviceName)
    {
        var settings = base.SettingsFor(serviceName);
        settings.Remove("Signaling:JoinRateLimit:PermitLimit");
        settings.Remove("Signaling:AdHocRoomsPerAddress");
        return settings;
    }
}

/// <summary>
/// Per client address (the gateway's <c>X-Forwarded-For</c>), Signaling limits joins and the ad-hoc rooms open at
/// once (issue 11, finding 1), with clear refusals, while a classroom behind one NAT still gets in.
/// </summary>
public sealed class ClientAddressLimitTests(DefaultLimitsStack stack) : IClassFixture<DefaultLimitsStack>
{
    private const int Classroom = 30;
    private const int AdHocRoomsPerAddress = 50;
    private const int JoinsPerMinute = 120;

    [Fact]
    public async Task A_classroom_behind_one_address_gets_in_and_the_address_is_limited_in_new_rooms_and_joins()
    {
        await stack.CreateKeyedRoomAsync("classroom", "classroom-key", capacity: Classroom);
        var clients = new List<SignalingClient>();
        try
        {
            for (var i = 0; i < Classroom; i++)
            {
                var (pupil, code) = await JoinAsync("classroom", $"Pupil {i}", "classroom-key");
                Assert.Null(code);
                clients.Add(pupil!);
            }

            for (var i = 0; i < AdHocRoomsPerAddress; i++)
            {
                var (opener, code) = await JoinAsync($"group-{i}", "Opener");
                Assert.Null(code);
                clients.Add(opener!);
            }
            var (_, refused) = await JoinAsync("one-room-too-many", "Opener");
            Assert.Equal("too-many-rooms", refused);
            // Joining a room that is open already is no new room.
            var (member, joined) = await JoinAsync("group-0", "Member");
            Assert.Null(joined);
            clients.Add(member!);
            Assert.Equal("TooManyRooms", await RegisterAsync(stack.AyameSignalingUri, "one-ayame-room-too-many"));

            // Another address has rooms of its own: the gateway forwards it, and Signaling trusts loopback.
            var direct = new UriBuilder(stack.ServiceUri("Signaling")) { Scheme = "ws", Path = "/ws/signaling" }.Uri;
            await using (var elsewhere = await SignalingClient.ConnectAsync(direct, forwardedFor: "192.0.2.7"))
            {
                await elsewhere.SendAsync(new { type = "join", room = "one-room-too-many", name = "Elsewhere" });
                await elsewhere.ReceiveAsync("welcome");
            }

            // When a room ends, its opener's address may open another.
            await clients[Classroom + 1].DisposeAsync();
            await Eventually.TrueAsync(async () =>
            {
                var (opener, code) = await JoinAsync("one-room-too-many", "Opener");
                if (opener is not null)
                {
                    clients.Add(opener);
                }
                return code is null;
            }, "a room ended, so the address may open another");

            // Every join counts, refused ones too, up to the rate limit.
            string? last = null;
            for (var joins = 0; joins <= JoinsPerMinute && last != "too-many-joins"; joins++)
            {
                (_, last) = await JoinAsync("classroom", "Latecomer", "classroom-key");
            }
            Assert.Equal("too-many-joins", last);
            await using var limited = await SignalingClient.ConnectAsync(stack.CallSignalingUri);
            await limited.SendAsync(new { type = "join", room = "group-1", name = "Latecomer" });
            var error = await limited.ReceiveAsync("error");
            Assert.Equal("too-many-joins", error.GetProperty("code").GetString());
            Assert.Matches("^Too many joins from your address; try again in [0-9]+ s\\.$", error.GetProperty("message").GetString());
            Assert.Equal(WebSocketCloseStatus.NormalClosure, await limited.WaitClosedAsync());
            Assert.Equal("TooManyJoins", await RegisterAsync(stack.AyameSignalingUri, "group-1"));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <returns>The client, still in the room, or the refusal's code (the client then closed).</returns>
    private async Task<(SignalingClient? Client, string? Code)> JoinAsync(string room, string name, string? key = null)
    {
        var client = await SignalingClient.ConnectAsync(stack.CallSignalingUri);
        await client.SendAsync(key is null ? new { type = "join", room, name } : new { type = "join", room, name, key });
        var reply = await client.ReceiveAsync();
        if (reply.GetProperty("type").GetString() == "welcome")
        {
            return (client, null);
        }
        await client.DisposeAsync();
        return (null, reply.GetProperty("code").GetString());
    }

    /// <returns>"accept", or the reject's reason.</returns>
    private static async Task<string> RegisterAsync(Uri ayame, string roomId)
    {
        await using var client = await SignalingClient.ConnectAsync(ayame);
        await client.SendAsync(new { type = "register", roomId, clientId = "probe" });
        var reply = await client.ReceiveAsync();
        return reply.GetProperty("type").GetString() == "accept" ? "accept" : reply.GetProperty("reason").GetString()!;
    }
}
