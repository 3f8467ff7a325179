using Hiroba.Contracts.Rooms;

namespace Hiroba.Signaling.RoomDirectory;

/// <summary>What Signaling applies to a room: learnt from <c>rooms.room-opened</c>, or the ad-hoc call defaults.</summary>
public sealed record RoomPolicy(RoomKind Kind, int Capacity, string? SignalingKeyHash);
