using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.Signaling.Tests;

/// <summary>
/// An ad-hoc room lasts while someone is in it (issue 11, finding 1: every room name ever joined used to stay an open
/// room in the admin's list); its id can be opened again, by a peer or by the admin. A room the admin closed stays closed.
/// </summary>
public sealed class AdHocRoomTests(SignalingStack stack) : IClassFixture<SignalingStack>
{
    [Fact]
    public async Task An_ad_hoc_room_ends_with_its_last_peer_and_its_id_can_be_used_again()
    {
        using var admin = await stack.CreateSignedInClientAsync();
        var first = await JoinAsync("passing-by", "First");
        await using (var second = await JoinAsync("passing-by", "Second"))
        {
            await Eventually.TrueAsync(async () => await PeerCountAsync(admin, "passing-by") == 2, "the admin sees the ad-hoc room with two peers");
            await first.DisposeAsync();
            await Eventually.TrueAsync(async () => await PeerCountAsync(admin, "passing-by") == 1, "one peer is left");
        }

        await Eventually.TrueAsync(async () => await PeerCountAsync(admin, "passing-by") is null, "the room ended with its last peer");
        using var anonymous = stack.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/rooms/passing-by")).StatusCode);

        await using (var again = await JoinAsync("passing-by", "Again"))
        {
            await Eventually.TrueAsync(async () => await PeerCountAsync(admin, "passing-by") == 1, "the id opened an ad-hoc room again");
        }
        await Eventually.TrueAsync(async () => await PeerCountAsync(admin, "passing-by") is null, "it ended again");
        var created = await admin.PostAsJsonAsync("/api/rooms", new { id = "passing-by", title = "Planned now", kind = "call", signalingKey = "planned-key" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task An_ad_hoc_room_the_admin_closed_stays_closed_when_its_peers_are_gone()
    {
        using var admin = await stack.CreateSignedInClientAsync();
        await using (var peer = await JoinAsync("shut-down", "Peer"))
        {
            await Eventually.TrueAsync(async () => await PeerCountAsync(admin, "shut-down") == 1, "the admin sees the ad-hoc room");
            (await admin.DeleteAsync("/api/rooms/shut-down")).EnsureSuccessStatusCode();
            Assert.Equal("room-closed", (await peer.ReceiveAsync("error")).GetProperty("code").GetString());
        }

        await using var later = await SignalingClient.ConnectAsync(stack.CallSignalingUri);
        await later.SendAsync(new { type = "join", room = "shut-down", name = "Later" });
        Assert.Equal("room-closed", (await later.ReceiveAsync("error")).GetProperty("code").GetString());
        using var anonymous = stack.CreateClient();
        Assert.False((await anonymous.GetFromJsonAsync<JsonElement>("/api/rooms/shut-down")).GetProperty("open").GetBoolean());
    }

    private async Task<SignalingClient> JoinAsync(string room, string name)
    {
        var client = await SignalingClient.ConnectAsync(stack.CallSignalingUri);
        await client.SendAsync(new { type = "join", room, name });
        await client.ReceiveAsync("welcome");
        return client;
    }

    /// <returns>The room's peers in the admin's list of open rooms; null when it is not in the list.</returns>
    private static async Task<int?> PeerCountAsync(HttpClient admin, string roomId)
    {
        var rooms = await admin.GetFromJsonAsync<JsonElement>("/api/rooms");
        return rooms.EnumerateArray()
            .Where(room => room.GetProperty("room").GetProperty("id").GetString() == roomId)
            .Select(room => (int?)room.GetProperty("peerCount").GetInt32())
            .SingleOrDefault();
    }
}
