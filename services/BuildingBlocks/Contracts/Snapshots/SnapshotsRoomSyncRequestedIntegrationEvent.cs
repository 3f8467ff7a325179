using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Snapshots;

/// <summary>
/// A Snapshots process started and may have missed rooms opened while it was away (a broker session that started
/// clean, as Dapr's do): Rooms answers as it answers Signaling's request, with <c>rooms.room-opened</c> for every open
/// room, then <c>rooms.room-sync-completed</c> for this <paramref name="InstanceId"/>. Asked again until answered.
/// </summary>
[Topic("snapshots.room-sync-requested")]
public sealed record SnapshotsRoomSyncRequestedIntegrationEvent(string InstanceId) : IntegrationEvent, IRoomSyncRequest;
