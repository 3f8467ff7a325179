using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.Publishing;
using Hiroba.Rooms.Data;

namespace Hiroba.Rooms.Model;

/// <summary>
/// Publishes what other services must know about rooms, in order, through the event publisher. An announcement the
/// full queue turned away is logged, not thrown: the state is in the database and is announced again at start-up and
/// on every sync request (<c>signaling.room-sync-requested</c>, <c>snapshots.room-sync-requested</c>).
/// </summary>
public sealed partial class RoomAnnouncer(
    IIntegrationEventPublisher events, IRoomRepository rooms, SyncAnswerLog answers, TimeProvider timeProvider, ILogger<RoomAnnouncer> logger)
{
    /// <summary>
    /// How far back a sync answer repeats the closures: a process that was away for longer keeps a room that closed
    /// meanwhile open until it is purged there (docs/rooms.md).
    /// </summary>
    public static readonly TimeSpan ClosuresRepeatedFor = TimeSpan.FromDays(7);

    public void AnnounceOpened(Room room) => Publish(room.ToOpenedEvent(), room.Id);

    public void AnnounceClosed(Room room) => AnnounceClosed(room.Id, room.Kind);

    /// <summary>Also for a room that may not exist, so that Signaling sends its peers away.</summary>
    public void AnnounceClosed(string roomId, RoomKind kind) => Publish(new RoomClosedIntegrationEvent(roomId, kind), roomId);

    /// <returns>The open rooms, or null when an announcement was turned away.</returns>
    public async Task<IReadOnlyList<Room>?> AnnounceAllOpenAsync(CancellationToken cancellationToken)
    {
        var open = await rooms.ListOpenAsync(cancellationToken);
        var allPublished = true;
        foreach (var room in open)
        {
            allPublished &= Publish(room.ToOpenedEvent(), room.Id);
        }
        LogAnnouncedAll(logger, open.Count);
        return allPublished ? open : null;
    }

    /// <summary>
    /// Answers a process's sync request (Signaling's or Snapshots'): every open room, every room closed in the last
    /// <see cref="ClosuresRepeatedFor"/> (a process that was down when it closed, and starts with a fresh broker session,
    /// still holds it open), then the marker that says so, in as many parts as the keyed rooms need. If an announcement was turned away the answer stops there, incomplete; the instance asks
    /// again. A repeat that waited behind an answer to the same instance is not answered again
    /// (<see cref="SyncAnswerLog"/>).
    /// </summary>
    /// <param name="instanceId">The process that asked.</param>
    /// <param name="requestId">Its request's id, which the marker names.</param>
    public async Task AnswerSyncAsync(string instanceId, Guid requestId, CancellationToken cancellationToken)
    {
        if (answers.AnsweredJustNow(instanceId))
        {
            LogRepeatSkipped(logger, instanceId);
            return;
        }
        if (await AnnounceAllOpenAsync(cancellationToken) is not { } open || !await AnnounceRecentClosuresAsync(cancellationToken))
        {
            return;
        }
        var parts = open
            .Where(room => room.SignalingKeyHash is not null)
            .Select(room => new KeyedRoom(room.Id, room.Kind, room.Capacity, room.SignalingKeyHash!))
            .Chunk(RoomSyncCompletedIntegrationEvent.KeyedRoomsPerPart)
            .DefaultIfEmpty([])
            .ToArray();
        for (var part = 0; part < parts.Length; part++)
        {
            var marker = new RoomSyncCompletedIntegrationEvent(instanceId, requestId, part + 1, parts.Length, parts[part]);
            if (!Publish(marker, instanceId))
            {
                return;
            }
        }
        answers.Answered(instanceId);
    }

    private async Task<bool> AnnounceRecentClosuresAsync(CancellationToken cancellationToken)
    {
        var closed = await rooms.ListClosedSinceAsync(timeProvider.GetUtcNow() - ClosuresRepeatedFor, cancellationToken);
        var allPublished = true;
        foreach (var room in closed)
        {
            allPublished &= Publish(new RoomClosedIntegrationEvent(room.Id, room.Kind), room.Id);
        }
        return allPublished;
    }

    private bool Publish(IntegrationEvent @event, string roomId)
    {
        if (events.Publish(@event))
        {
            return true;
        }
        LogPublishFailed(logger, Topics.Of(@event.GetType()), roomId);
        return false;
    }

    [LoggerMessage(LogLevel.Information, "Announced {Count} open rooms")]
    private static partial void LogAnnouncedAll(ILogger logger, int count);

    [LoggerMessage(LogLevel.Information, "Signaling instance {InstanceId} was answered just now; its repeated room sync request is skipped")]
    private static partial void LogRepeatSkipped(ILogger logger, string instanceId);

    [LoggerMessage(LogLevel.Error, "Could not queue {Topic} for {RoomId}; it is announced again at the next sync")]
    private static partial void LogPublishFailed(ILogger logger, string topic, string roomId);
}
