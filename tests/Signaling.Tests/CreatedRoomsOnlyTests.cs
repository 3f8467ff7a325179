using System.Net.Http.Json;
using System.Net.WebSockets;
using Hiroba.TestSupport;

namespace Hiroba.Signaling.Tests;

/// <summary>The same stack with <c>Signaling:AdHocRooms</c> off: only rooms created in Rooms can be joined.</summary>
public sealed class CreatedRoomsOnlyStack : SignalingStack
{
    protected override IDictionary<string, string?> SettingsFor(string serviceName)
    {
        var settings = base.SettingsFor(serviceName);
        settings["Signaling:AdHocRooms"] = "false";
        return settings;
    }
}

public sealed class CreatedRoomsOnlyTests(CreatedRoomsOnlyStack stack) : IClassFixture<CreatedRoomsOnlyStack>
{
    [Fact]
    public async Task An_unknown_room_is_refused_and_a_room_created_in_rooms_can_be_joined()
    {
        await using var early = await SignalingClient.ConnectAsync(stack.CallSignalingUri);
        await early.SendAsync(new { type = "join", room = "planned", name = "Early" });
        Assert.Equal("unknown-room", (await early.ReceiveAsync("error")).GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await early.WaitClosedAsync());
        await using var ayame = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await ayame.SendAsync(new { type = "register", roomId = "planned" });
        Assert.Equal("UnknownRoom", (await ayame.ReceiveAsync("reject")).GetProperty("reason").GetString());

        using var admin = await stack.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("/api/rooms", new { id = "planned", title = "Planned call", kind = "call", capacity = 3 })).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(() => JoinsAsync("planned"), "the created room can be joined");
    }

    [Fact]
    public async Task A_restarted_signaling_learns_the_open_rooms_again_by_asking_rooms()
    {
        using var admin = await stack.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("/api/rooms", new { id = "lasting", title = "Lasting", kind = "call" })).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(() => JoinsAsync("lasting"), "the created room can be joined");

        var signaling = stack.Service("Signaling");
        Assert.Equal(0, await signaling.StopAsync());
        await signaling.RestartAsync();

        // A fresh process knows no rooms; only its sync request to Rooms can teach it this one.
        await Eventually.TrueAsync(() => JoinsAsync("lasting"), "the restarted service lets peers join the room again");
    }

    private async Task<bool> JoinsAsync(string room)
    {
        await using var peer = await SignalingClient.ConnectAsync(stack.CallSignalingUri);
        await peer.SendAsync(new { type = "join", room, name = "Peer" });
        return (await peer.ReceiveAsync()).GetProperty("type").GetString() == "welcome";
    }
}
