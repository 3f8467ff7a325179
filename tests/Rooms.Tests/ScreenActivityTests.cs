using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.Contracts.Snapshots;
using Hiroba.TestSupport;

namespace Hiroba.Rooms.Tests;

/// <summary>The admin's room list shows which workshops have screens shared, from the screen wall's events.</summary>
public sealed class ScreenActivityTests(RoomsStack stack) : EventProbeTests(stack)
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Guests_that_shared_a_screen_are_counted_once_and_a_late_snapshot_does_not_move_the_time_back()
    {
        using var admin = await Stack.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("/api/rooms", new { title = "Lab", id = "lab" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/rooms", new { title = "Quiet", id = "quiet" })).EnsureSuccessStatusCode();

        await Events.PublishAsync(Snapshot("g1", "s2", Nine.AddSeconds(30)));
        await Events.PublishAsync(Snapshot("g1", "s1", Nine));
        await Events.PublishAsync(Snapshot("g2", "s3", Nine.AddSeconds(10)));
        await Events.PublishAsync(Snapshot("g2", "s3", Nine.AddSeconds(10)));
        await Events.PublishAsync(Snapshot("g3", "s4", Nine.AddSeconds(5)));

        JsonElement rooms = default;
        await Eventually.TrueAsync(async () =>
        {
            rooms = await admin.GetFromJsonAsync<JsonElement>("/api/rooms");
            return Screens(rooms, "lab") is { ValueKind: JsonValueKind.Object } screens && screens.GetProperty("guests").GetInt32() == 3;
        }, "the lab shows the third guest");
        Assert.Equal(Nine.AddSeconds(30), Screens(rooms, "lab").GetProperty("lastSnapshotAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, Screens(rooms, "quiet").ValueKind);
    }

    private static SnapshotIngestedIntegrationEvent Snapshot(string guestId, string snapshotId, DateTimeOffset takenAt) =>
        new("lab", guestId, snapshotId, "image/webp", 120_000, 1920, 1080, takenAt);

    private static JsonElement Screens(JsonElement rooms, string roomId) => rooms.EnumerateArray()
        .Single(room => room.GetProperty("room").GetProperty("id").GetString() == roomId).GetProperty("screens");
}
