using Hiroba.Contracts.Rooms;
using Hiroba.Contracts.Signaling;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.LocalComponents;
using Hiroba.TestSupport;
using MQTTnet;

namespace Hiroba.SignalingBench;

/// <summary>
/// Answers Signaling's room sync as Rooms does when nobody has created a room: Signaling opens unknown rooms (every
/// bench room is one) only once Rooms has answered. Rooms itself is not started, so that its handling of the peers'
/// events does not share the cores with the relay being measured.
/// </summary>
public sealed class EmptyRoomDirectory : IAsyncDisposable
{
    private const string Source = "rooms";
    private const string PubSubName = "pubsub";

    private IMqttClient? _client;

    public static async Task<EmptyRoomDirectory> StartAsync(LoopbackModel model)
    {
        var directory = new EmptyRoomDirectory();
        directory._client = await model.ConnectServiceClientAsync("bench-rooms", directory.AnswerAsync);
        await directory._client.SubscribeQos1Async(Topics.Of(typeof(RoomSyncRequestedIntegrationEvent)));
        return directory;
    }

    public ValueTask DisposeAsync() => _client?.CloseAsync() ?? ValueTask.CompletedTask;

    private async Task AnswerAsync(ReceivedMessage message)
    {
        if (!CloudEventSerializer.TryParse(message.Payload.Span, out var envelope, out _))
        {
            return;
        }
        var request = (RoomSyncRequestedIntegrationEvent)CloudEventSerializer.ReadEvent(envelope, typeof(RoomSyncRequestedIntegrationEvent));
        var answer = new RoomSyncCompletedIntegrationEvent(request.InstanceId, request.Id, Part: 1, Parts: 1, KeyedRooms: []);
        await _client!.PublishQos1Async(Topics.Of(answer.GetType()), CloudEventSerializer.Serialize(answer, Source, PubSubName));
    }
}
