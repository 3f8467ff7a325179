using Hiroba.Contracts.Rooms;
using Hiroba.Contracts.Signaling;
using Hiroba.Rooms.Model;

namespace Hiroba.Rooms.Apis;

/// <param name="Id">Optional; a random id when absent.</param>
/// <param name="Kind">Defaults to <see cref="RoomKind.Workshop"/>.</param>
/// <param name="Capacity">Defaults to the kind's configured capacity.</param>
/// <param name="SignalingKey">When set, peers must present it to join (Ayame's <c>key</c>/<c>signalingKey</c>).</param>
/// <param name="SnapshotIntervalSeconds">Workshop rooms only: how often guests send a screen snapshot (default 5).</param>
public sealed record CreateRoomRequest(
    string? Title, string? Id = null, RoomKind? Kind = null, int? Capacity = null, string? SignalingKey = null,
    int? SnapshotIntervalSeconds = null);

/// <summary>What anyone with the room link may know.</summary>
/// <param name="SnapshotIntervalSeconds">Null for rooms other than workshops.</param>
public sealed record RoomInfo(string Id, RoomKind Kind, string Title, int Capacity, bool Open, int? SnapshotIntervalSeconds)
{
    public static RoomInfo From(Room room) =>
        new(room.Id, room.Kind, room.Title, room.Capacity, room.IsOpen, room.SnapshotIntervalSeconds);
}

/// <param name="HostKey">Shown this once; only its hash is stored.</param>
public sealed record CreatedRoom(RoomInfo Room, string HostKey);

/// <param name="Screens">Workshops only, once a guest has shared a screen; null otherwise.</param>
public sealed record RoomOverview(RoomInfo Room, bool AdHoc, int PeerCount, ScreenActivity? Screens);

public sealed record PresentPeer(string PeerId, string DisplayName, ClientKind ClientKind, DateTimeOffset JoinedAt);

public sealed record RoomPresence(string RoomId, IReadOnlyList<PresentPeer> Peers);

/// <param name="Role"><c>host</c> (the host key matched) or <c>admin</c>.</param>
public sealed record HostAccess(string RoomId, string Role);
