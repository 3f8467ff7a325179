using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.Contracts.Rooms;
using Hiroba.Contracts.Signaling;
using Hiroba.TestSupport;

namespace Hiroba.Rooms.Tests;

/// <summary>Rooms keeps who is where from Signaling's events, and shows it to the room's host and the admin only.</summary>
public sealed class SqlitePresenceTests(RoomsStack stack) : PresenceTests<RoomsStack>(stack);

public sealed class PostgresPresenceTests(PostgresRoomsStack stack) : PresenceTests<PostgresRoomsStack>(stack);

public abstract class PresenceTests<TStack>(TStack stack) : EventProbeTests<TStack>(stack)
    where TStack : RoomsStack
{
    [Fact]
    public async Task Presence_follows_peer_joined_and_peer_left_and_only_the_host_or_admin_sees_it()
    {
        using var admin = await Stack.CreateSignedInClientAsync();
        var created = await (await admin.PostAsJsonAsync("/api/rooms", new { title = "Screens", id = "screens" })).Content.ReadFromJsonAsync<JsonElement>();
        var hostKey = created.GetProperty("hostKey").GetString()!;

        await Events.PublishAsync(new PeerJoinedIntegrationEvent("screens", "p1", "Aiko", ClientKind.Hiroba, RoomKind.Workshop, 50));
        await Events.PublishAsync(new PeerJoinedIntegrationEvent("screens", "p2", "Bo", ClientKind.Hiroba, RoomKind.Workshop, 50));
        await Events.PublishAsync(new PeerLeftIntegrationEvent("screens", "p1"));

        using var host = Stack.CreateClient();
        host.DefaultRequestHeaders.Add("X-Host-Key", hostKey);
        await Eventually.TrueAsync(async () => Names(await host.GetFromJsonAsync<JsonElement>("/api/rooms/screens/presence")) == "Bo",
            "the presence shows only Bo");
        Assert.Equal("Bo", Names(await admin.GetFromJsonAsync<JsonElement>("/api/rooms/screens/presence")));
        Assert.Equal("host", (await host.GetFromJsonAsync<JsonElement>("/api/rooms/screens/host")).GetProperty("role").GetString());

        using var guest = Stack.CreateClient();
        guest.DefaultRequestHeaders.Add("X-Host-Key", hostKey + "x");
        await HttpAssert.ProblemAsync(await guest.GetAsync("/api/rooms/screens/presence"), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await guest.GetAsync("/api/rooms/screens/host"), HttpStatusCode.Forbidden);
        using var anonymous = Stack.CreateClient();
        await HttpAssert.ProblemAsync(await anonymous.GetAsync("/api/rooms/screens/presence"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_first_peer_in_an_unknown_room_opens_it_as_an_ad_hoc_call_room()
    {
        await Events.PublishAsync(new PeerJoinedIntegrationEvent("standup", "p9", "Chen", ClientKind.Hiroba, RoomKind.Call, 6));

        var opened = await Events.WaitForAsync("rooms.room-opened", "standup");
        Assert.Equal(("Call", 6), (opened.GetProperty("kind").GetString(), opened.GetProperty("capacity").GetInt32()));
        using var anonymous = Stack.CreateClient();
        var info = await anonymous.GetFromJsonAsync<JsonElement>("/api/rooms/standup");
        Assert.True(info.GetProperty("open").GetBoolean());
        using var admin = await Stack.CreateSignedInClientAsync();
        var rooms = await admin.GetFromJsonAsync<JsonElement>("/api/rooms");
        var standup = rooms.EnumerateArray().Single(room => room.GetProperty("room").GetProperty("id").GetString() == "standup");
        Assert.True(standup.GetProperty("adHoc").GetBoolean());
        Assert.Equal(1, standup.GetProperty("peerCount").GetInt32());
    }

    [Fact]
    public async Task A_peer_in_a_room_named_like_an_endpoint_of_the_api_is_sent_away_and_no_room_is_recorded()
    {
        await Events.PublishAsync(new PeerJoinedIntegrationEvent("ice-servers", "p8", "Ivo", ClientKind.Hiroba, RoomKind.Call, 6));

        await Events.WaitForAsync("rooms.room-closed", "ice-servers");
        Assert.Equal(0, Events.Count("rooms.room-opened", "ice-servers"));
        using var admin = await Stack.CreateSignedInClientAsync();
        var rooms = await admin.GetFromJsonAsync<JsonElement>("/api/rooms");
        Assert.DoesNotContain("ice-servers", rooms.EnumerateArray().Select(room => room.GetProperty("room").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task An_ad_hoc_room_ends_with_its_last_peer_while_a_room_the_admin_created_stays_open_when_empty()
    {
        using var admin = await Stack.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("/api/rooms", new { title = "Planned", id = "planned" })).EnsureSuccessStatusCode();
        await Events.PublishAsync(new PeerJoinedIntegrationEvent("planned", "p1", "Fay", ClientKind.Hiroba, RoomKind.Workshop, 50));
        await Events.PublishAsync(new PeerJoinedIntegrationEvent("passing", "p2", "Gus", ClientKind.Hiroba, RoomKind.Call, 6));
        await Events.PublishAsync(new PeerJoinedIntegrationEvent("passing", "p3", "Hal", ClientKind.Hiroba, RoomKind.Call, 6));
        await Events.WaitForAsync("rooms.room-opened", "passing");

        await Events.PublishAsync(new PeerLeftIntegrationEvent("passing", "p2"));
        await Events.PublishAsync(new PeerLeftIntegrationEvent("planned", "p1"));
        using var anonymous = Stack.CreateClient();
        await Eventually.TrueAsync(async () => (await PeerCountsAsync(admin)).GetValueOrDefault("passing") == 1
            && (await PeerCountsAsync(admin)).GetValueOrDefault("planned", -1) == 0, "one peer is left in the ad-hoc room, none in the other");
        await Events.PublishAsync(new PeerLeftIntegrationEvent("passing", "p3"));

        await Eventually.TrueAsync(async () => !(await RoomIdsAsync(admin)).Contains("passing"), "the ad-hoc room ended with its last peer");
        await HttpAssert.ProblemAsync(await anonymous.GetAsync("/api/rooms/passing"), HttpStatusCode.NotFound);
        Assert.Contains("planned", await RoomIdsAsync(admin));
        Assert.True((await anonymous.GetFromJsonAsync<JsonElement>("/api/rooms/planned")).GetProperty("open").GetBoolean());
    }

    [Fact]
    public async Task A_peer_joined_that_arrives_after_its_peer_left_records_no_one_and_opens_no_room()
    {
        await Events.PublishAsync(new PeerJoinedIntegrationEvent("brief", "p1", "Ira", ClientKind.Hiroba, RoomKind.Call, 6));
        await Events.WaitForAsync("rooms.room-opened", "brief");
        await Events.PublishAsync(new PeerLeftIntegrationEvent("brief", "p1"));

        // Late, as when redelivered, or applied by a second Rooms replica after the first applied the leaving.
        await Events.PublishAsync(new PeerJoinedIntegrationEvent("brief", "p1", "Ira", ClientKind.Hiroba, RoomKind.Call, 6));
        // Events are applied in order: once the next room is opened, the late one has been applied.
        await Events.PublishAsync(new PeerJoinedIntegrationEvent("after-brief", "p2", "Jo", ClientKind.Hiroba, RoomKind.Call, 6));
        await Events.WaitForAsync("rooms.room-opened", "after-brief");

        using var admin = await Stack.CreateSignedInClientAsync();
        Assert.DoesNotContain("brief", await RoomIdsAsync(admin));
        Assert.Equal(1, Events.Count("rooms.room-opened", "brief"));
        Assert.Equal(1, (await PeerCountsAsync(admin))["after-brief"]);
    }

    [Fact]
    public async Task Signaling_is_corrected_when_a_peer_joins_a_closed_room_or_applies_outdated_settings()
    {
        using var admin = await Stack.CreateSignedInClientAsync();
        await admin.PostAsJsonAsync("/api/rooms", new { title = "Big", id = "big", capacity = 40 });
        await admin.PostAsJsonAsync("/api/rooms", new { title = "Gone", id = "gone" });
        await admin.DeleteAsync("/api/rooms/gone");
        await Events.WaitForAsync("rooms.room-closed", "gone");
        var announcedBefore = Events.Count("rooms.room-opened", "big");

        // A Signaling that missed the announcements treats both as ad-hoc call rooms.
        await Events.PublishAsync(new PeerJoinedIntegrationEvent("big", "p1", "Dee", ClientKind.Hiroba, RoomKind.Call, 6));
        await Events.PublishAsync(new PeerJoinedIntegrationEvent("gone", "p2", "Eli", ClientKind.Hiroba, RoomKind.Call, 6));

        await Eventually.TrueAsync(() => Task.FromResult(Events.Count("rooms.room-opened", "big") > announcedBefore), "big is announced again");
        await Eventually.TrueAsync(() => Task.FromResult(Events.Count("rooms.room-closed", "gone") >= 2), "gone's closure is announced again");
    }

    private static async Task<HashSet<string>> RoomIdsAsync(HttpClient admin) =>
        [.. (await PeerCountsAsync(admin)).Keys];

    private static async Task<Dictionary<string, int>> PeerCountsAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/rooms")).EnumerateArray().ToDictionary(
            room => room.GetProperty("room").GetProperty("id").GetString()!, room => room.GetProperty("peerCount").GetInt32());

    private static string Names(JsonElement presence) =>
        string.Join(",", presence.GetProperty("peers").EnumerateArray().Select(peer => peer.GetProperty("displayName").GetString()));
}
