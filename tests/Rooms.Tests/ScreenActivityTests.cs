using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.Contracts.Snapshots;
using Hiroba.TestSupport;

namespace Hiroba.Rooms.Tests;

/// <summary>The admin's room list shows which workshops have screens shared, from the screen wall's events, without the guests the host removed.</summary>
public sealed class SqliteScreenActivityTests(RoomsStack stack) : ScreenActivityTests<RoomsStack>(stack);

public sealed class PostgresScreenActivityTests(PostgresRoomsStack stack) : ScreenActivityTests<PostgresRoomsStack>(stack);

public abstract class ScreenActivityTests<TStack>(TStack stack) : EventProbeTests<TStack>(stack)
    where TStack : RoomsStack
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Guests_that_shared_a_screen_are_counted_once_and_a_late_snapshot_does_not_move_the_time_back()
    {
        using var admin = await Stack.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("/api/rooms", new { title = "Lab", id = "lab" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/rooms", new { title = "Quiet", id = "quiet" })).EnsureSuccessStatusCode();

        await Events.PublishAsync(Snapshot("lab", "g1", "s2", Nine.AddSeconds(30)));
        await Events.PublishAsync(Snapshot("lab", "g1", "s1", Nine));
        await Events.PublishAsync(Snapshot("lab", "g2", "s3", Nine.AddSeconds(10)));
        await Events.PublishAsync(Snapshot("lab", "g2", "s3", Nine.AddSeconds(10)));
        await Events.PublishAsync(Snapshot("lab", "g3", "s4", Nine.AddSeconds(5)));

        JsonElement rooms = default;
        await Eventually.TrueAsync(async () =>
        {
            rooms = await admin.GetFromJsonAsync<JsonElement>("/api/rooms");
            return Screens(rooms, "lab") is { ValueKind: JsonValueKind.Object } screens && screens.GetProperty("guests").GetInt32() == 3;
        }, "the lab shows the third guest");
        Assert.Equal(Nine.AddSeconds(30), Screens(rooms, "lab").GetProperty("lastSnapshotAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, Screens(rooms, "quiet").ValueKind);
    }

    [Fact]
    public async Task A_guest_the_host_removed_is_no_longer_counted_and_no_late_snapshot_brings_it_back()
    {
        const string Room = "lab-removals";
        using var admin = await Stack.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("/api/rooms", new { title = "Lab", id = Room })).EnsureSuccessStatusCode();
        await Events.PublishAsync(Snapshot(Room, "g1", "s1", Nine));
        await Events.PublishAsync(Snapshot(Room, "g2", "s2", Nine.AddSeconds(10)));
        await WaitForGuestsAsync(admin, Room, 2, "both guests count");

        await Events.PublishAsync(new GuestRemovedIntegrationEvent(Room, "g1", Nine.AddSeconds(20)));
        await WaitForGuestsAsync(admin, Room, 1, "the removed guest no longer counts");

        // A snapshot of g1's still on its way when the host removed it; g3 removed before its first snapshot's event came.
        await Events.PublishAsync(Snapshot(Room, "g1", "s3", Nine.AddSeconds(60)));
        await Events.PublishAsync(new GuestRemovedIntegrationEvent(Room, "g3", Nine.AddSeconds(30)));
        await Events.PublishAsync(Snapshot(Room, "g3", "s4", Nine.AddSeconds(50)));
        await Events.PublishAsync(new GuestRemovedIntegrationEvent(Room, "g3", Nine.AddSeconds(30)));
        // Rooms handles events one at a time in the order they arrive, so once g4 counts, the late events were handled.
        await Events.PublishAsync(Snapshot(Room, "g4", "s5", Nine.AddSeconds(40)));

        var rooms = await WaitForGuestsAsync(admin, Room, 2, "g4 counts beside g2, and neither g1 nor g3 does");
        Assert.Equal(Nine.AddSeconds(40), Screens(rooms, Room).GetProperty("lastSnapshotAt").GetDateTimeOffset());
    }

    private static async Task<JsonElement> WaitForGuestsAsync(HttpClient admin, string roomId, int guests, string what)
    {
        JsonElement rooms = default;
        await Eventually.TrueAsync(async () =>
        {
            rooms = await admin.GetFromJsonAsync<JsonElement>("/api/rooms");
            return Screens(rooms, roomId) is { ValueKind: JsonValueKind.Object } screens && screens.GetProperty("guests").GetInt32() == guests;
        }, what);
        return rooms;
    }

    private static SnapshotIngestedIntegrationEvent Snapshot(string roomId, string guestId, string snapshotId, DateTimeOffset takenAt) =>
        new(roomId, guestId, snapshotId, "image/webp", 120_000, 1920, 1080, takenAt);

    private static JsonElement Screens(JsonElement rooms, string roomId) => rooms.EnumerateArray()
        .Single(room => room.GetProperty("room").GetProperty("id").GetString() == roomId).GetProperty("screens");
}
