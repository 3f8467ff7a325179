using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.Rooms.Tests;

/// <summary>Two Rooms processes on one PostgreSQL database behind the gateway (HIROBA_REPLICAS=2).</summary>
public sealed class RoomsReplicaTests(RoomsReplicaTests.ReplicatedRoomsStack stack)
    : EventProbeTests<RoomsReplicaTests.ReplicatedRoomsStack>(stack)
{
    [Fact]
    public async Task Either_process_serves_every_room_a_closure_holds_at_both_and_both_answer_a_sync_request()
    {
        using var admin = await Stack.CreateSignedInClientAsync();
        string[] ids = ["replicated-a", "replicated-b", "replicated-c", "replicated-d"];
        foreach (var id in ids)
        {
            (await admin.PostAsJsonAsync("/api/rooms", new { title = id, id })).EnsureSuccessStatusCode();
        }
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/rooms/replicated-b")).StatusCode);

        for (var replica = 1; replica <= 2; replica++)
        {
            using var direct = Stack.Replica("Rooms", replica).CreateClient();
            foreach (var id in ids)
            {
                var room = await direct.GetFromJsonAsync<JsonElement>($"/api/rooms/{id}");
                Assert.Equal(id != "replicated-b", room.GetProperty("open").GetBoolean());
            }
        }

        await Events.PublishAsync(new Contracts.Signaling.RoomSyncRequestedIntegrationEvent("replicas-instance"));
        await Eventually.TrueAsync(() => Task.FromResult(Events.Received.Count(item =>
            item.Topic == "rooms.room-sync-completed" && item.Data.GetProperty("instanceId").GetString() == "replicas-instance") == 2),
            "each process answers the sync request");
    }

    /// <summary><see cref="RoomsStack"/> with two Rooms processes, whose shared database the stack starts.</summary>
    public sealed class ReplicatedRoomsStack : RoomsStack
    {
        public ReplicatedRoomsStack()
        {
            Replicas = 2;
        }
    }
}
