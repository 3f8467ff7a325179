using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.TestSupport;
using Xunit.Abstractions;

namespace Hiroba.Signaling.Tests;

/// <summary>
/// One client floods <c>/ws/signaling</c> with joins to new room names (issue 11, finding 1), with the per-address
/// limits out of the way: every join is an event for Rooms, which opens an ad-hoc room and announces it. The event bus
/// must keep up: an admin's room creation is answered and announced at once, presence goes on working, and the flood's
/// rooms end with their peers.
/// </summary>
public sealed class JoinFloodTests(SignalingStack stack, ITestOutputHelper output) : IClassFixture<SignalingStack>
{
    private const int FloodRooms = 1500;
    private const int FloodClients = 16;

    /// <summary>
    /// A stalled bus answers the admin only when the announcement's acknowledgement times out (10 s); a working one
    /// within a fraction of a second. The bound leaves room for a loaded test machine.
    /// </summary>
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task After_a_flood_of_joins_to_new_rooms_an_admin_room_is_created_promptly_and_presence_works()
    {
        using var admin = await stack.CreateSignedInClientAsync();
        var held = new ConcurrentBag<SignalingClient>();
        try
        {
            // The admin was at work before the flood: what is timed below is the bus, not the first request's start-up.
            (await admin.PostAsJsonAsync("/api/rooms", new { id = "before-flood", title = "Before the flood" })).EnsureSuccessStatusCode();
            await FloodAsync("flood", held);

            var watch = Stopwatch.StartNew();
            var created = await admin.PostAsJsonAsync("/api/rooms", new { id = "after-flood", title = "After the flood", signalingKey = "after-flood-key" });
            var answeredAfter = watch.Elapsed;
            var hostKey = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hostKey").GetString()!;
            await Eventually.TrueAsync(() => RefusesWrongKeyAsync("after-flood"), "Signaling knows the admin's room");
            var announcedAfter = watch.Elapsed;

            output.WriteLine($"After {FloodRooms} joins: the admin's room was created in {answeredAfter.TotalMilliseconds:0} ms, known to Signaling in {announcedAfter.TotalMilliseconds:0} ms.");
            Assert.True(answeredAfter < Promptly, $"The admin's room was created after {answeredAfter.TotalSeconds:0.0} s.");
            Assert.True(announcedAfter < Promptly, $"Signaling heard of the admin's room after {announcedAfter.TotalSeconds:0.0} s.");
            Assert.DoesNotContain(stack.Service("Rooms").RecentOutput, line => line.Contains("No acknowledgement", StringComparison.Ordinal));

            await using var guest = await SignalingClient.ConnectAsync(stack.CallSignalingUri);
            await guest.SendAsync(new { type = "join", room = "after-flood", name = "Guest", key = "after-flood-key" });
            await guest.ReceiveAsync("welcome");
            using var host = stack.CreateClient();
            host.DefaultRequestHeaders.Add("X-Host-Key", hostKey);
            await Eventually.TrueAsync(async () => (await host.GetFromJsonAsync<JsonElement>("/api/rooms/after-flood/presence"))
                .GetProperty("peers").EnumerateArray().Any(peer => peer.GetProperty("displayName").GetString() == "Guest"),
                "the host sees the guest in the room");
        }
        finally
        {
            await LeaveAsync(held);
        }

        await Eventually.TrueAsync(async () => await CountRoomsAsync(admin, "flood-") == 0, "the flood's rooms ended with their peers");
    }

    [Fact]
    public async Task A_restarted_rooms_drains_the_backlog_of_a_flood_and_answers_an_admin_promptly()
    {
        var rooms = stack.Service("Rooms");
        using var admin = await stack.CreateSignedInClientAsync();
        var held = new ConcurrentBag<SignalingClient>();
        try
        {
            await stack.WaitForRoomDirectoryAsync();
            Assert.Equal(0, await rooms.StopAsync());
            await FloodAsync("backlog", held);
            await rooms.RestartAsync();

            var watch = Stopwatch.StartNew();
            (await admin.PostAsJsonAsync("/api/rooms", new { id = "after-backlog", title = "After the backlog", signalingKey = "after-backlog-key" }))
                .EnsureSuccessStatusCode();
            var answeredAfter = watch.Elapsed;
            output.WriteLine($"Rooms restarted behind a backlog of {FloodRooms} joins: the admin's room was created in {answeredAfter.TotalMilliseconds:0} ms.");
            Assert.True(answeredAfter < Promptly, $"The admin's room was created after {answeredAfter.TotalSeconds:0.0} s.");

            // Every event the broker kept for Rooms while it was away arrives: each held peer's room is open.
            await Eventually.TrueAsync(async () => await CountRoomsAsync(admin, "backlog-") == held.Count,
                "every room of the backlog whose peer stayed is open", timeout: TimeSpan.FromSeconds(90));
            output.WriteLine($"The backlog was drained {watch.Elapsed.TotalSeconds:0.0} s after Rooms restarted.");
        }
        finally
        {
            await LeaveAsync(held);
        }

        await Eventually.TrueAsync(async () => await CountRoomsAsync(admin, "backlog-") == 0, "the backlog's rooms ended with their peers",
            timeout: TimeSpan.FromSeconds(90));
    }

    /// <summary>
    /// <see cref="FloodRooms"/> joins to new rooms from <see cref="FloodClients"/> clients at once. Every other peer
    /// leaves at once (a join and a leave for Rooms); the others stay in their rooms, in <paramref name="held"/>.
    /// </summary>
    private async Task FloodAsync(string prefix, ConcurrentBag<SignalingClient> held)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, FloodClients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < FloodRooms; i = Interlocked.Increment(ref next))
            {
                var client = await SignalingClient.ConnectAsync(stack.CallSignalingUri);
                await client.SendAsync(new { type = "join", room = $"{prefix}-{i}", name = "Flood" });
                Assert.Equal("welcome", (await client.ReceiveAsync()).GetProperty("type").GetString());
                if (i % 2 == 0)
                {
                    await client.DisposeAsync();
                }
                else
                {
                    held.Add(client);
                }
            }
        })));
    }

    private static async Task LeaveAsync(IEnumerable<SignalingClient> clients)
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    /// <summary>Open rooms in the admin's list whose id starts with <paramref name="prefix"/>.</summary>
    private static async Task<int> CountRoomsAsync(HttpClient admin, string prefix) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/rooms")).EnumerateArray()
            .Count(room => room.GetProperty("room").GetProperty("id").GetString()!.StartsWith(prefix, StringComparison.Ordinal));

    private async Task<bool> RefusesWrongKeyAsync(string roomId)
    {
        await using var probe = await SignalingClient.ConnectAsync(stack.CallSignalingUri);
        await probe.SendAsync(new { type = "join", room = roomId, name = "probe", key = "wrong-key" });
        var reply = await probe.ReceiveAsync();
        return reply.GetProperty("type").GetString() == "error" && reply.GetProperty("code").GetString() == "invalid-key";
    }
}
