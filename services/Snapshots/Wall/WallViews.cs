namespace Hiroba.Snapshots.Wall;

/// <summary>A snapshot as hosts see it; the image is at <c>/api/snapshots/rooms/{room}/snapshots/{id}</c>.</summary>
public sealed record SnapshotView(string Id, DateTimeOffset TakenAt, string ContentType, long Size, int Width, int Height)
{
    public static SnapshotView From(StoredSnapshot snapshot) => new(
        snapshot.Id, snapshot.TakenAt, Images.ImageFormats.ContentType(snapshot.Format), snapshot.Size, snapshot.Width, snapshot.Height);
}

/// <summary>A guest's panel on the wall.</summary>
/// <param name="Status"><c>joined</c>, <c>sharing</c>, <c>paused</c>, <c>stopped</c> or <c>left</c>.</param>
/// <param name="Hand"><c>none</c>, <c>stuck</c> or <c>done</c>.</param>
/// <param name="Uploads">Snapshots accepted since joining.</param>
/// <param name="LastSeenAt">The last snapshot or heartbeat.</param>
/// <param name="LastHeardAt">When its page last reported anything (after a restart of the service: the restart).</param>
public sealed record GuestView(
    string Id, string Name, string Status, string Hand, DateTimeOffset JoinedAt, long Uploads, DateTimeOffset? LastSeenAt,
    DateTimeOffset LastHeardAt, SnapshotView? LastSnapshot)
{
    public static GuestView From(Guest guest) => new(
        guest.Id, guest.Name, guest.Status.Name(), guest.Hand.Name(), guest.JoinedAt, guest.Uploads, guest.LastSeenAt,
        guest.LastReportAt, guest.Latest is { } latest ? SnapshotView.From(latest) : null);
}

/// <summary>What anyone with the room link may know about a workshop.</summary>
/// <param name="HeartbeatSeconds">How often a guest page sends a heartbeat, whatever it is doing (<see cref="SnapshotsOptions.GuestHeartbeat"/>).</param>
public sealed record RoomView(string Id, string Title, int IntervalSeconds, double HeartbeatSeconds, bool Open);

/// <summary>A guest's own view of itself, for its page (also after a reload).</summary>
public sealed record GuestSelfView(GuestView Guest, RoomView Room);

/// <summary>The whole wall.</summary>
/// <param name="LastEventId">The id of the last wall event included; a stream resumed from it misses nothing.</param>
public sealed record WallView(RoomView Room, IReadOnlyList<GuestView> Guests, string LastEventId);

/// <summary>The data of every wall event about one guest.</summary>
public sealed record GuestEventData(GuestView Guest);

/// <summary>The data of the <c>heartbeat</c> wall event: the guest's page is open (and its screen, if shared, unchanged).</summary>
public sealed record HeartbeatEventData(string GuestId, DateTimeOffset SeenAt);

/// <summary>The data of the <c>guest-removed</c> wall event.</summary>
public sealed record GuestRemovedEventData(string GuestId);

/// <summary>The data of the <c>room-closed</c> wall event.</summary>
public sealed record RoomClosedEventData(string RoomId);
