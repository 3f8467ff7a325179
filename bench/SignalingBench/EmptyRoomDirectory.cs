using Hiroba.Contracts.Rooms;
using Hiroba.Contracts.Signaling;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.LocalComponents;
using Hiroba.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

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

    private readonly MqttClient _client;

    private EmptyRoomDirectory(MosquittoServer broker)
    {
        _client = new MqttClient(
            new MqttClientOptions
            {
                Host = broker.Host,
                Port = broker.Port,
                ClientId = "bench-rooms",
                Username = broker.ServiceUsername,
                Password = broker.ServicePassword,
            },
            AnswerAsync,
            NullLogger<MqttClient>.Instance,
            TimeProvider.System);
    }

    public static async Task<EmptyRoomDirectory> StartAsync(MosquittoServer broker)
    {
        var directory = new EmptyRoomDirectory(broker);
        await directory._client.ConnectAsync(CancellationToken.None);
        await directory._client.SubscribeAsync(Topics.Of(typeof(RoomSyncRequestedIntegrationEvent)), MqttQos.AtLeastOnce, CancellationToken.None);
        return directory;
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private async Task AnswerAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        if (!CloudEventSerializer.TryParse(message.Payload.Span, out var envelope, out _))
        {
            return;
        }
        var request = (RoomSyncRequestedIntegrationEvent)CloudEventSerializer.ReadEvent(envelope, typeof(RoomSyncRequestedIntegrationEvent));
        var answer = new RoomSyncCompletedIntegrationEvent(request.InstanceId, request.Id, Part: 1, Parts: 1, KeyedRooms: []);
        await _client.PublishAsync(Topics.Of(answer.GetType()), CloudEventSerializer.Serialize(answer, Source, PubSubName),
            MqttQos.AtLeastOnce, cancellationToken: cancellationToken);
    }
}
