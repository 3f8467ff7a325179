using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Signaling;

/// <summary>A peer left its room (it closed, timed out, was dropped as too slow, or the room closed).</summary>
[Topic("signaling.peer-left")]
public sealed record PeerLeftIntegrationEvent(string RoomId, string PeerId) : IntegrationEvent;
