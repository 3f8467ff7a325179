using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Signaling;

/// <summary>A peer is in a room now.</summary>
/// <param name="RoomKind">The kind Signaling applied (an unknown room is an ad-hoc call).</param>
/// <param name="RoomCapacity">The capacity Signaling applied.</param>
[Topic("signaling.peer-joined")]
public sealed record PeerJoinedIntegrationEvent(
    string RoomId, string PeerId, string DisplayName, ClientKind ClientKind, RoomKind RoomKind, int RoomCapacity)
    : IntegrationEvent;
