using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Rooms;

/// <summary>
/// Rooms has answered a <c>signaling.room-sync-requested</c>: every open room was announced (<c>rooms.room-opened</c>)
/// before this. The rooms with a signaling key come again inside it, so the instance that asked knows them even if
/// the transport delivered an announcement late or not at all: it never mistakes one for an unknown, keyless room.
/// They come in parts of at most <see cref="KeyedRoomsPerPart"/>, so that each part stays a small event; the answer is
/// complete when all its parts have arrived.
/// </summary>
/// <param name="InstanceId">The Signaling instance that asked.</param>
/// <param name="RequestId">The id of the request this answers.</param>
/// <param name="Part">This part's number, from 1.</param>
/// <param name="Parts">How many parts the answer has.</param>
[Topic("rooms.room-sync-completed")]
public sealed record RoomSyncCompletedIntegrationEvent(
    string InstanceId, Guid RequestId, int Part, int Parts, IReadOnlyList<KeyedRoom> KeyedRooms) : IntegrationEvent
{
    /// <summary>Fifty keyed rooms take under 20 KiB however their ids and hashes are escaped (events are limited to 32 KiB).</summary>
    public const int KeyedRoomsPerPart = 50;
}

/// <summary>An open room that admits only peers presenting its signaling key (SHA-256, <c>Hiroba.AccessKeys.AccessKey</c>).</summary>
public sealed record KeyedRoom(string RoomId, RoomKind Kind, int Capacity, string SignalingKeyHash);
