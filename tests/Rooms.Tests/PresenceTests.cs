using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.Contracts.Rooms;
using Hiroba.Contracts.Signaling;
using Hiroba.TestSupport;

namespace Hiroba.Rooms.Tests;

/// <summary>Rooms keeps who is where from Signaling's events, and shows it to the room's host and the admin only.</summary>
public sealed class PresenceTests(RoomsStack stack) : EventProbeTests(stack)
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

    private static string Names(JsonElement presence) =>
        string.Join(",", presence.GetProperty("peers").EnumerateArray().Select(peer => peer.GetProperty("displayName").GetString()));
}
