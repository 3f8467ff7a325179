using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Signaling;

/// <summary>
/// A Signaling instance started and knows no rooms yet: Rooms answers by publishing
/// <c>rooms.room-opened</c> for every open room.
/// </summary>
[Topic("signaling.room-sync-requested")]
public sealed record RoomSyncRequestedIntegrationEvent(string InstanceId) : IntegrationEvent;
