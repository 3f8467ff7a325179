using Hiroba.Contracts.Signaling;
using Hiroba.EventBus.Abstractions;
using Hiroba.Rooms.Apis;
using Hiroba.Rooms.Data;
using Hiroba.Rooms.Model;

namespace Hiroba.Rooms.IntegrationEvents;

/// <summary>
/// Records the peer (unless it has left already: the event came late), records an ad-hoc call room the first time
/// someone joins it, and corrects Signaling when it applied something other than the stored room (it may have missed an
/// announcement). An id that is an endpoint of the rooms API is no room: it is announced closed, so Signaling sends its
/// peers away.
/// </summary>
public sealed partial class PeerJoinedIntegrationEventHandler(
    IRoomRepository rooms, IPresenceRepository presence, RoomAnnouncer announcer, TimeProvider timeProvider,
    ILogger<PeerJoinedIntegrationEventHandler> logger)
    : IIntegrationEventHandler<PeerJoinedIntegrationEvent>
{
    public async Task HandleAsync(PeerJoinedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        if (RoomRoutes.IsRoute(@event.RoomId))
        {
            LogRouteNameRefused(logger, @event.PeerId, @event.RoomId);
            announcer.AnnounceClosed(@event.RoomId, @event.RoomKind);
            return;
        }
        if (!await presence.AddAsync(
            new Peer(@event.RoomId, @event.PeerId, @event.DisplayName, @event.ClientKind, @event.OccurredAt), cancellationToken))
        {
            // Late: the peer has left already, and its room (an ad-hoc one) may have ended with it.
            LogJoinedAfterLeaving(logger, @event.PeerId, @event.RoomId);
            return;
        }

        var room = await rooms.FindAsync(@event.RoomId, cancellationToken);
        if (room is null)
        {
            var adHoc = new Room(@event.RoomId, @event.RoomKind, @event.RoomId, @event.RoomCapacity,
                HostKeyHash: null, SignalingKeyHash: null, AdHoc: true, timeProvider.GetUtcNow(), ClosedAt: null);
            if (await rooms.TryAddAsync(adHoc, cancellationToken))
            {
                LogAdHocRoomOpened(logger, adHoc.Id);
                announcer.AnnounceOpened(adHoc);
            }
        }
        else if (!room.IsOpen)
        {
            LogJoinedClosedRoom(logger, @event.PeerId, room.Id);
            announcer.AnnounceClosed(room);
        }
        else if (room.Kind != @event.RoomKind || room.Capacity != @event.RoomCapacity)
        {
            LogOutdatedRoom(logger, room.Id);
            announcer.AnnounceOpened(room);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Peer {PeerId} joined {RoomId}, which is an endpoint of the rooms API and cannot be a room; announcing it closed")]
    private static partial void LogRouteNameRefused(ILogger logger, string peerId, string roomId);

    [LoggerMessage(LogLevel.Information, "Peer {PeerId} joined room {RoomId} after it left (a late event); nothing to record")]
    private static partial void LogJoinedAfterLeaving(ILogger logger, string peerId, string roomId);

    [LoggerMessage(LogLevel.Information, "Ad-hoc call room {RoomId} opened by its first peer")]
    private static partial void LogAdHocRoomOpened(ILogger logger, string roomId);

    [LoggerMessage(LogLevel.Warning, "Peer {PeerId} joined closed room {RoomId}; announcing the closure again")]
    private static partial void LogJoinedClosedRoom(ILogger logger, string peerId, string roomId);

    [LoggerMessage(LogLevel.Warning, "Signaling applied outdated settings to room {RoomId}; announcing it again")]
    private static partial void LogOutdatedRoom(ILogger logger, string roomId);
}
