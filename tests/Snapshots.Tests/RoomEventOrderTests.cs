using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>
/// Room events from different Rooms processes can arrive out of order: a workshop's closure before its opening (each
/// published by another process, or the opening part of a sync answer read before the closure).
/// </summary>
[Collection(SnapshotsCollection.Name)]
public sealed class RoomEventOrderTests(SnapshotsStack stack)
{
    [Fact]
    public async Task A_workshop_whose_closure_arrived_before_its_opening_stays_closed()
    {
        var roomId = "ws-" + Guid.NewGuid().ToString("N")[..10];
        var marker = "ws-" + Guid.NewGuid().ToString("N")[..10];
        using var rooms = await BrokerClient.ConnectAsync(stack.Broker, "rooms-elsewhere-" + Guid.NewGuid().ToString("N"));

        await PublishAsync(rooms, new RoomClosedIntegrationEvent(roomId, RoomKind.Workshop));
        await PublishAsync(rooms, Opened(roomId));
        await PublishAsync(rooms, Opened(marker));
        await stack.WaitUntilKnownAsync(marker);

        using var client = stack.CreateClient();
        var room = await client.GetFromJsonAsync<JsonElement>($"/api/snapshots/rooms/{roomId}");
        Assert.False(room.GetProperty("open").GetBoolean());
        await ProblemAssertions.AssertProblemAsync(await stack.Guest(roomId).TryJoinAsync("Ann"), HttpStatusCode.Gone);
    }

    private static RoomOpenedIntegrationEvent Opened(string roomId) =>
        new(roomId, RoomKind.Workshop, $"Workshop {roomId}", 10, HostKeyHash: null, SignalingKeyHash: null, SnapshotIntervalSeconds: 5);

    private static Task PublishAsync(MQTTnet.IMqttClient client, IntegrationEvent @event) =>
        client.PublishQos1Async(Topics.Of(@event.GetType()), CloudEventSerializer.Serialize(@event, "rooms", "pubsub"));
}
