using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Rooms;

/// <summary>
/// A room exists and is open. Published when a room is created or first joined, and again for every open
/// room when Rooms starts or Signaling asks (<c>signaling.room-sync-requested</c>), so consumers may see it
/// more than once: treat it as "this is the room's current state".
/// </summary>
/// <param name="HostKeyHash">SHA-256 of the host key (<c>Hiroba.AccessKeys.AccessKey</c>); null for rooms without a host.</param>
/// <param name="SignalingKeyHash">SHA-256 of the signaling key peers must present; null when none is needed.</param>
/// <param name="SnapshotIntervalSeconds">
/// How often the screen wall's guests send a snapshot (<see cref="SnapshotIntervals"/>); null for rooms other than workshops.
/// </param>
/// <param name="AdHoc">
/// A call room opened by its first peer, with Signaling's defaults and no key; it ends, without an event, when its last
/// peer leaves, and its id may be used again. Consumers need not keep it.
/// </param>
[Topic("rooms.room-opened")]
public sealed record RoomOpenedIntegrationEvent(
    string RoomId, RoomKind Kind, string Title, int Capacity, string? HostKeyHash, string? SignalingKeyHash,
    int? SnapshotIntervalSeconds = null, bool AdHoc = false)
    : IntegrationEvent;
