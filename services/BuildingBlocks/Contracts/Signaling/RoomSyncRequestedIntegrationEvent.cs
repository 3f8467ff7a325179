using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Signaling;

/// <summary>
/// A Signaling instance started and knows no rooms yet: Rooms answers by publishing <c>rooms.room-opened</c> for
/// every open room, then <c>rooms.room-sync-completed</c>. Until that answer comes the instance asks again, with a new
/// id and the same time (the time it started asking), so a repeat never looks like another restart.
/// </summary>
[Topic("signaling.room-sync-requested")]
public sealed record RoomSyncRequestedIntegrationEvent(string InstanceId) : IntegrationEvent, IRoomSyncRequest;
