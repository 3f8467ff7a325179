using System.Net.WebSockets;
using Hiroba.AccessKeys;
using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.TestSupport;

namespace Hiroba.Signaling.Tests;

/// <summary>The same stack with joins to unknown rooms waiting only 2 s for the room directory.</summary>
public sealed class ShortDirectoryWaitStack : SignalingStack
{
    protected override IDictionary<string, string?> SettingsFor(string serviceName)
    {
        var settings = base.SettingsFor(serviceName);
        settings["Signaling:DirectoryWait"] = "00:00:02";
        return settings;
    }
}

/// <summary>
/// A room with a signaling key is never joined without it, whatever order restarts and announcements come in
/// (issue 11, finding 1): a Signaling that does not know every open room yet refuses unknown rooms instead of opening
/// them as keyless ad-hoc rooms, and a key announced for a room people are in already sends away those without it.
/// </summary>
public sealed class RoomDirectoryTests(ShortDirectoryWaitStack stack) : IClassFixture<ShortDirectoryWaitStack>
{
    [Fact]
    public async Task A_restarted_signaling_never_admits_a_keyless_register_in_a_keyed_camera_room_even_while_rooms_is_down()
    {
        await stack.CreateKeyedRoomAsync("keyed-camera", "keyed-camera-key", capacity: 2, kind: "camera");
        var rooms = stack.Service("Rooms");
        var signaling = stack.Service("Signaling");
        Assert.Equal(0, await rooms.StopAsync());
        Assert.Equal(0, await signaling.StopAsync());
        await signaling.RestartAsync();

        // Rooms is away: nothing tells the new instance that the room exists, let alone its key.
        Assert.Equal("RoomDirectoryUnavailable", await RegisterAsync("keyed-camera", key: null));
        Assert.Equal("RoomDirectoryUnavailable", await RegisterAsync("keyed-camera", key: "wrong"));
        await using (var call = await SignalingClient.ConnectAsync(stack.CallSignalingUri))
        {
            await call.SendAsync(new { type = "join", room = "keyed-camera", name = "Intruder" });
            Assert.Equal("directory-unavailable", (await call.ReceiveAsync("error")).GetProperty("code").GetString());
            Assert.Equal(WebSocketCloseStatus.NormalClosure, await call.WaitClosedAsync());
        }

        await rooms.RestartAsync();

        await Eventually.TrueAsync(async () =>
        {
            var reply = await RegisterAsync("keyed-camera", key: null);
            Assert.NotEqual("accept", reply);
            return reply == "InvalidSignalingKey";
        }, "the keyless register is refused for its key once Rooms has answered");
        Assert.Equal("accept", await RegisterAsync("keyed-camera", key: "keyed-camera-key"));
        Assert.Equal("accept", await RegisterAsync("unknown-after-sync", key: null));
    }

    [Fact]
    public async Task A_key_announced_for_a_room_people_are_in_sends_away_those_who_did_not_present_it()
    {
        await using var keyHolder = await SignalingClient.ConnectAsync(stack.CallSignalingUri);
        await keyHolder.SendAsync(new { type = "join", room = "late-key", name = "Holder", key = "late-key-secret" });
        await keyHolder.ReceiveAsync("welcome");
        await using var keyless = await SignalingClient.ConnectAsync(stack.CallSignalingUri);
        await keyless.SendAsync(new { type = "join", room = "late-key", name = "Keyless" });
        var keylessId = (await keyless.ReceiveAsync("welcome")).GetProperty("peerId").GetString();
        await using var momo = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await momo.SendAsync(new { type = "register", roomId = "late-key", clientId = "momo", key = "late-key-secret" });
        await momo.ReceiveAsync("accept");
        await using var viewer = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await viewer.SendAsync(new { type = "register", roomId = "late-key", clientId = "viewer" });
        await viewer.ReceiveAsync("accept");

        // As if Rooms' announcement of the room's key had been on its way while they joined.
        await AnnounceAsync(new RoomOpenedIntegrationEvent("late-key", RoomKind.Call, "Late key", 6, HostKeyHash: null, AccessKey.Hash("late-key-secret")));

        Assert.Equal("invalid-key", (await keyless.ReceiveAsync("error")).GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await keyless.WaitClosedAsync());
        Assert.Equal(keylessId, (await keyHolder.ReceiveAsync("peer-left")).GetProperty("peerId").GetString());
        // An Ayame room is two peers or none: the keyless viewer ends it, as its leaving would.
        await viewer.ReceiveAsync("bye");
        await momo.ReceiveAsync("bye");
        Assert.Equal("accept", await RegisterAsync("late-key", key: "late-key-secret"));
        Assert.Equal("InvalidSignalingKey", await RegisterAsync("late-key", key: null));
    }

    /// <returns>"accept", or the reject's reason.</returns>
    private async Task<string> RegisterAsync(string roomId, string? key)
    {
        await using var client = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await client.SendAsync(key is null ? new { type = "register", roomId, clientId = "probe" } : new { type = "register", roomId, clientId = "probe", key });
        var reply = await client.ReceiveAsync();
        return reply.GetProperty("type").GetString() == "accept" ? "accept" : reply.GetProperty("reason").GetString()!;
    }

    private async Task AnnounceAsync(IntegrationEvent @event)
    {
        var broker = stack.Broker;
        var rooms = await BrokerClient.ConnectAsync(broker, "rooms-stand-in-" + Guid.NewGuid().ToString("N"));
        try
        {
            await rooms.PublishQos1Async(Topics.Of(@event.GetType()), CloudEventSerializer.Serialize(@event, "rooms", "pubsub"));
        }
        finally
        {
            await rooms.CloseAsync();
        }
    }
}
