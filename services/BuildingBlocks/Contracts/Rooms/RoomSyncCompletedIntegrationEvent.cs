using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Rooms;

/// <summary>
/// Rooms has answered a <c>signaling.room-sync-requested</c>: every open room was announced (<c>rooms.room-opened</c>)
/// before this. The rooms with a signaling key come again inside it, so the instance that asked knows them even if
/// the transport delivered an announcement late or not at all: it never mistakes one for an unknown, keyless room.
/// </summary>
/// <param name="InstanceId">The Signaling instance that asked.</param>
[Topic("rooms.room-sync-completed")]
public sealed record RoomSyncCompletedIntegrationEvent(string InstanceId, IReadOnlyList<KeyedRoom> KeyedRooms) : IntegrationEvent;

/// <summary>An open room that admits only peers presenting its signaling key (SHA-256, <see cref="RoomSecrets"/>).</summary>
public sealed record KeyedRoom(string RoomId, RoomKind Kind, int Capacity, string SignalingKeyHash);
