using Hiroba.Contracts.Rooms;

namespace Hiroba.Signaling.RoomDirectory;

/// <summary>What Signaling applies to a room: learnt from <c>rooms.room-opened</c>, or the ad-hoc call defaults.</summary>
/// <param name="AdHoc">A room nobody created: it counts against the per-address limit of its first peer.</param>
public sealed record RoomPolicy(RoomKind Kind, int Capacity, string? SignalingKeyHash, bool AdHoc = false);
