using System.Collections.Concurrent;
using System.Text.Json;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.TestSupport;
using MQTTnet;

namespace Hiroba.Rooms.Tests;

/// <summary>
/// Plays the other services on the real broker: publishes their events as CloudEvents, and keeps every
/// <c>rooms.*</c> event Rooms publishes, in arrival order.
/// </summary>
public sealed class EventProbe : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Topic, JsonElement Data)> _received = new();
    private IMqttClient? _client;

    public static async Task<EventProbe> StartAsync(MosquittoFixture broker)
    {
        var probe = new EventProbe();
        probe._client = await BrokerClient.ConnectAsync(broker, "probe-" + Guid.NewGuid().ToString("N"), message =>
        {
            using var envelope = JsonDocument.Parse(message.Payload);
            probe._received.Enqueue((message.Topic, envelope.RootElement.GetProperty("data").Clone()));
            return Task.CompletedTask;
        });
        await probe._client.SubscribeQos1Async("rooms.room-opened", "rooms.room-closed", "rooms.room-sync-completed");
        return probe;
    }

    public Task PublishAsync(IntegrationEvent @event) =>
        _client!.PublishQos1Async(Topics.Of(@event.GetType()), CloudEventSerializer.Serialize(@event, "signaling", "pubsub"));

    /// <summary>Waits for an event on <paramref name="topic"/> about <paramref name="roomId"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string topic, string roomId, TimeSpan? timeout = null)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(() =>
        {
            var match = _received.FirstOrDefault(item => item.Topic == topic && item.Data.GetProperty("roomId").GetString() == roomId);
            found = match.Data;
            return Task.FromResult(match.Topic is not null);
        }, $"{topic} for {roomId} arrives", timeout);
        return found;
    }

    /// <summary>Everything received so far, in arrival order.</summary>
    public IReadOnlyList<(string Topic, JsonElement Data)> Received => [.. _received];

    public int Count(string topic, string roomId) =>
        _received.Count(item => item.Topic == topic && item.Data.GetProperty("roomId").GetString() == roomId);

    public ValueTask DisposeAsync() => _client?.CloseAsync() ?? ValueTask.CompletedTask;
}
