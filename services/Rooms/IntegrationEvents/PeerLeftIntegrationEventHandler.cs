using Hiroba.Contracts.Signaling;
using Hiroba.EventBus.Abstractions;
using Hiroba.Rooms.Data;

namespace Hiroba.Rooms.IntegrationEvents;

/// <summary>Forgets the peer; an ad-hoc room ends with its last peer.</summary>
public sealed partial class PeerLeftIntegrationEventHandler(
    IPresenceRepository presence, IRoomRepository rooms, ILogger<PeerLeftIntegrationEventHandler> logger)
    : IIntegrationEventHandler<PeerLeftIntegrationEvent>
{
    public async Task HandleAsync(PeerLeftIntegrationEvent @event, CancellationToken cancellationToken)
    {
        await presence.RemoveAsync(@event.RoomId, @event.PeerId, @event.OccurredAt, cancellationToken);
        if (await rooms.EndAdHocIfEmptyAsync(@event.RoomId, cancellationToken))
        {
            LogAdHocRoomEnded(logger, @event.RoomId);
        }
    }

    [LoggerMessage(LogLevel.Information, "Ad-hoc call room {RoomId} ended with its last peer")]
    private static partial void LogAdHocRoomEnded(ILogger logger, string roomId);
}
