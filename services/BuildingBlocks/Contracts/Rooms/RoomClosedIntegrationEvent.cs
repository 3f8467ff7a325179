using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Rooms;

/// <summary>A room is closed for good: peers in it are sent away and nobody may join it again.</summary>
[Topic("rooms.room-closed")]
public sealed record RoomClosedIntegrationEvent(string RoomId, RoomKind Kind) : IntegrationEvent;
