using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using Hiroba.AccessKeys;
using Hiroba.Contracts.Rooms;
using Hiroba.TestSupport;

namespace Hiroba.Rooms.Tests;

public sealed class SqliteRoomsApiTests(RoomsStack stack) : RoomsApiTests<RoomsStack>(stack);

public sealed class PostgresRoomsApiTests(PostgresRoomsStack stack) : RoomsApiTests<PostgresRoomsStack>(stack);

public abstract class RoomsApiTests<TStack>(TStack stack) : EventProbeTests<TStack>(stack)
    where TStack : RoomsStack
{
    [Fact]
    public async Task The_admin_creates_a_workshop_room_whose_host_key_is_shown_once_and_stored_only_as_a_hash()
    {
        using var admin = await Stack.CreateSignedInClientAsync();

        var response = await admin.PostAsJsonAsync("/api/rooms", new { title = "Kubernetes workshop", id = "k8s-101", capacity = 30 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/rooms/k8s-101", response.Headers.Location?.OriginalString);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var hostKey = created.GetProperty("hostKey").GetString()!;
        Assert.True(Convert.FromBase64String(ToBase64(hostKey)).Length >= 16, "the host key has at least 128 random bits");
        var room = created.GetProperty("room");
        Assert.Equal(("k8s-101", "Workshop", "Kubernetes workshop", 30, true),
            (room.GetProperty("id").GetString(), room.GetProperty("kind").GetString(), room.GetProperty("title").GetString(),
             room.GetProperty("capacity").GetInt32(), room.GetProperty("open").GetBoolean()));

        using var anonymous = Stack.CreateClient();
        var info = await anonymous.GetFromJsonAsync<JsonElement>("/api/rooms/k8s-101");
        Assert.Equal("Kubernetes workshop", info.GetProperty("title").GetString());
        Assert.False(info.TryGetProperty("hostKey", out _));

        var opened = await Events.WaitForAsync("rooms.room-opened", "k8s-101");
        Assert.Equal("Workshop", opened.GetProperty("kind").GetString());
        Assert.Equal(30, opened.GetProperty("capacity").GetInt32());
        Assert.True(AccessKey.Matches(opened.GetProperty("hostKeyHash").GetString(), hostKey));

        var database = await Stack.ReadStoredAsync();
        Assert.DoesNotContain(hostKey, database, StringComparison.Ordinal);
        Assert.Contains(AccessKey.Hash(hostKey), database, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_database_holds_neither_a_host_key_nor_a_signaling_key()
    {
        using var admin = await Stack.CreateSignedInClientAsync();

        var keys = await KeyedRooms.CreateAsync(admin);

        var stored = await Stack.ReadStoredAsync();
        Assert.DoesNotContain(keys.HostKey, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(keys.SignalingKey, stored, StringComparison.Ordinal);
        Assert.Contains(AccessKey.Hash(keys.SignalingKey), stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workshop_room_has_a_snapshot_interval_of_five_seconds_unless_the_admin_chooses_one()
    {
        using var admin = await Stack.CreateSignedInClientAsync();

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/rooms", new { title = "Default", id = "interval-default" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await admin.PostAsJsonAsync("/api/rooms", new { title = "Quick", id = "interval-quick", snapshotIntervalSeconds = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/rooms", new { title = "Call", id = "interval-call", kind = "call" })).StatusCode);

        using var anonymous = Stack.CreateClient();
        foreach (var (id, interval) in new[] { ("interval-default", 5), ("interval-quick", 2) })
        {
            var info = await anonymous.GetFromJsonAsync<JsonElement>($"/api/rooms/{id}");
            Assert.Equal(interval, info.GetProperty("snapshotIntervalSeconds").GetInt32());
            var opened = await Events.WaitForAsync("rooms.room-opened", id);
            Assert.Equal(interval, opened.GetProperty("snapshotIntervalSeconds").GetInt32());
        }
        var call = await Events.WaitForAsync("rooms.room-opened", "interval-call");
        Assert.Equal(JsonValueKind.Null, call.GetProperty("snapshotIntervalSeconds").ValueKind);

        foreach (var invalid in new object[]
        {
            new { title = "Too fast", snapshotIntervalSeconds = 0 },
            new { title = "Too slow", snapshotIntervalSeconds = 61 },
            new { title = "Not a workshop", kind = "call", snapshotIntervalSeconds = 5 },
        })
        {
            var problem = await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/rooms", invalid), HttpStatusCode.BadRequest);
            Assert.Equal(["snapshotIntervalSeconds"], problem.GetProperty("errors").EnumerateObject().Select(error => error.Name));
        }
    }

    [Fact]
    public async Task Only_the_admin_creates_and_closes_rooms()
    {
        using var anonymous = Stack.CreateClient();
        using var viewer = await Stack.CreateSignedInClientAsync(HirobaStack.ViewerPassword);
        var request = new { title = "Not allowed" };

        await HttpAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/api/rooms", request), HttpStatusCode.Unauthorized);
        await HttpAssert.ProblemAsync(await viewer.PostAsJsonAsync("/api/rooms", request), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await viewer.DeleteAsync("/api/rooms/anything"), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await anonymous.GetAsync("/api/rooms"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_requests_get_problem_details_naming_the_fields()
    {
        using var admin = await Stack.CreateSignedInClientAsync();

        var invalid = await admin.PostAsJsonAsync("/api/rooms", new { title = "", id = "no spaces", capacity = 1, signalingKey = "short" });
        var problem = await HttpAssert.ProblemAsync(invalid, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["capacity", "id", "signalingKey", "title"], errors.EnumerateObject().Select(error => error.Name).Order());

        var notJson = await admin.PostAsync("/api/rooms", new StringContent("{\"title\":", System.Text.Encoding.UTF8, "application/json"));
        await HttpAssert.ProblemAsync(notJson, HttpStatusCode.BadRequest);

        var route = await admin.PostAsJsonAsync("/api/rooms", new { title = "Servers", id = "ICE-Servers" });
        var routeProblem = await HttpAssert.ProblemAsync(route, HttpStatusCode.BadRequest);
        Assert.Equal(["id"], routeProblem.GetProperty("errors").EnumerateObject().Select(error => error.Name));

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/rooms", new { title = "One", id = "twice" })).StatusCode);
        await HttpAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/rooms", new { title = "Two", id = "TWICE" }), HttpStatusCode.Conflict);

        using var anonymous = Stack.CreateClient();
        await HttpAssert.ProblemAsync(await anonymous.GetAsync("/api/rooms/no-such-room"), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await anonymous.GetAsync("/api/rooms/%20bad%20"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Closing_a_room_publishes_room_closed_and_it_stays_closed()
    {
        using var admin = await Stack.CreateSignedInClientAsync();
        await admin.PostAsJsonAsync("/api/rooms", new { title = "Short-lived", id = "short-lived", kind = "call" });

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/rooms/short-lived")).StatusCode);

        var closed = await Events.WaitForAsync("rooms.room-closed", "short-lived");
        Assert.Equal("Call", closed.GetProperty("kind").GetString());
        var info = await admin.GetFromJsonAsync<JsonElement>("/api/rooms/short-lived");
        Assert.False(info.GetProperty("open").GetBoolean());
        await HttpAssert.ProblemAsync(await admin.DeleteAsync("/api/rooms/short-lived"), HttpStatusCode.NotFound);
        var open = await admin.GetFromJsonAsync<JsonElement>("/api/rooms");
        Assert.DoesNotContain(open.EnumerateArray(), room => room.GetProperty("room").GetProperty("id").GetString() == "short-lived");
    }

    [Fact]
    public async Task A_sync_request_from_signaling_announces_every_open_room_again()
    {
        using var admin = await Stack.CreateSignedInClientAsync();
        await admin.PostAsJsonAsync("/api/rooms", new { title = "Announced", id = "announced" });
        await Events.WaitForAsync("rooms.room-opened", "announced");

        await Events.PublishAsync(new Contracts.Signaling.RoomSyncRequestedIntegrationEvent("test-instance"));

        await Eventually.TrueAsync(() => Task.FromResult(Events.Count("rooms.room-opened", "announced") >= 2), "the room is announced again");
    }

    [Fact]
    public async Task A_sync_request_is_answered_after_every_open_room_by_a_marker_with_the_keyed_rooms_in_parts()
    {
        const int KeyedRooms = 55;
        using var admin = await Stack.CreateSignedInClientAsync();
        for (var i = 0; i < KeyedRooms; i++)
        {
            (await admin.PostAsJsonAsync("/api/rooms", new { title = "Keyed", id = $"sync-keyed-{i}", kind = "camera", signalingKey = $"sync-key-{i}" }))
                .EnsureSuccessStatusCode();
        }
        (await admin.PostAsJsonAsync("/api/rooms", new { title = "Keyless", id = "sync-keyless" })).EnsureSuccessStatusCode();
        await Events.WaitForAsync("rooms.room-opened", "sync-keyless");
        var before = Events.Received.Count;

        await Events.PublishAsync(new Contracts.Signaling.RoomSyncRequestedIntegrationEvent("sync-instance"));

        static bool IsMarker((string Topic, JsonElement Data) item) =>
            item.Topic == "rooms.room-sync-completed" && item.Data.GetProperty("instanceId").GetString() == "sync-instance";
        await Eventually.TrueAsync(() => Task.FromResult(Events.Received.Any(IsMarker)), "the marker arrives");
        var parts = Events.Received.First(IsMarker).Data.GetProperty("parts").GetInt32();
        Assert.InRange(parts, 2, 3);
        await Eventually.TrueAsync(() => Task.FromResult(Events.Received.Count(IsMarker) == parts), "every part of the marker arrives");
        var markers = Events.Received.Where(IsMarker).Select(item => item.Data).ToArray();
        Assert.Equal(Enumerable.Range(1, parts), markers.Select(m => m.GetProperty("part").GetInt32()).Order());
        Assert.All(markers, m => Assert.Equal(parts, m.GetProperty("parts").GetInt32()));
        Assert.All(markers, m => Assert.InRange(m.GetProperty("keyedRooms").GetArrayLength(), 1, 50));
        var answer = Events.Received.Skip(before).TakeWhile(item => !IsMarker(item)).ToArray();
        Assert.Contains(answer, item => item.Topic == "rooms.room-opened" && item.Data.GetProperty("roomId").GetString() == "sync-keyless");
        Assert.Contains(answer, item => item.Topic == "rooms.room-opened" && item.Data.GetProperty("roomId").GetString() == "sync-keyed-0");
        var keyed = markers.SelectMany(m => m.GetProperty("keyedRooms").EnumerateArray())
            .ToDictionary(room => room.GetProperty("roomId").GetString()!, room => room.GetProperty("signalingKeyHash").GetString());
        Assert.Equal(Enumerable.Range(0, KeyedRooms).Select(i => $"sync-keyed-{i}").Order(), keyed.Keys.Where(id => id.StartsWith("sync-keyed-", StringComparison.Ordinal)).Order());
        Assert.Equal(AccessKey.Hash("sync-key-7"), keyed["sync-keyed-7"]);
        Assert.DoesNotContain("sync-keyless", keyed.Keys);
    }

    [Fact]
    public async Task A_sync_answer_repeats_the_closure_of_a_room_closed_recently_before_its_marker()
    {
        using var admin = await Stack.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("/api/rooms", new { title = "Closed while away", id = "closed-while-away", kind = "workshop" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/rooms/closed-while-away")).StatusCode);
        await Events.WaitForAsync("rooms.room-closed", "closed-while-away");
        var before = Events.Received.Count;

        await Events.PublishAsync(new Contracts.Snapshots.SnapshotsRoomSyncRequestedIntegrationEvent("away-instance"));

        static bool IsMarker((string Topic, JsonElement Data) item) =>
            item.Topic == "rooms.room-sync-completed" && item.Data.GetProperty("instanceId").GetString() == "away-instance";
        await Eventually.TrueAsync(() => Task.FromResult(Events.Received.Any(IsMarker)), "the marker arrives");
        var answer = Events.Received.Skip(before).TakeWhile(item => !IsMarker(item)).ToArray();
        var closure = Assert.Single(answer, item => item.Topic == "rooms.room-closed" && item.Data.GetProperty("roomId").GetString() == "closed-while-away");
        Assert.Equal("Workshop", closure.Data.GetProperty("kind").GetString());
        Assert.DoesNotContain(answer, item => item.Topic == "rooms.room-opened" && item.Data.GetProperty("roomId").GetString() == "closed-while-away");
    }

    [Fact]
    public async Task Repeated_sync_requests_that_waited_behind_an_answer_to_their_instance_are_not_answered_again()
    {
        // As a Signaling instance leaves them in Rooms' session while Rooms is down: it asks again every few seconds.
        const int Repeats = 20;
        await Task.WhenAll(Enumerable.Range(0, Repeats)
            .Select(_ => Events.PublishAsync(new Contracts.Signaling.RoomSyncRequestedIntegrationEvent("repeating-instance"))));
        await Events.PublishAsync(new Contracts.Signaling.RoomSyncRequestedIntegrationEvent("after-the-repeats"));

        // Rooms handles events in order: once the later instance is answered, every repeat has been handled.
        await Eventually.TrueAsync(() => Task.FromResult(Events.Received.Any(item => IsFirstMarkerFor(item, "after-the-repeats"))),
            "the instance that asked after the repeats is answered");
        Assert.Equal(1, Events.Received.Count(item => IsFirstMarkerFor(item, "repeating-instance")));
    }

    private static bool IsFirstMarkerFor((string Topic, JsonElement Data) item, string instanceId) =>
        item.Topic == "rooms.room-sync-completed" && item.Data.GetProperty("instanceId").GetString() == instanceId
        && item.Data.GetProperty("part").GetInt32() == 1;

    private static string ToBase64(string base64Url)
    {
        var base64 = base64Url.Replace('-', '+').Replace('_', '/');
        return base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
    }
}
