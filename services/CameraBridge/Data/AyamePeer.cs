namespace Hiroba.CameraBridge.Data;

/// <summary>A connection on Signaling's <c>/signaling</c> in a room (Momo, or a viewer's side of the bridge).</summary>
public sealed record AyamePeer(string RoomId, string PeerId, DateTimeOffset JoinedAt);
