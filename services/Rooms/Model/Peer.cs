using Hiroba.Contracts.Signaling;

namespace Hiroba.Rooms.Model;

public sealed record Peer(string RoomId, string PeerId, string DisplayName, ClientKind ClientKind, DateTimeOffset JoinedAt);
