using Hiroba.Contracts.Rooms;

namespace Hiroba.Rooms.Model;

/// <summary>A room as stored. Only hashes of its keys are kept.</summary>
/// <param name="AdHoc">Opened by someone joining it rather than created by the admin.</param>
/// <param name="SnapshotIntervalSeconds">The screen wall's interval; workshop rooms only.</param>
public sealed record Room(
    string Id,
    RoomKind Kind,
    string Title,
    int Capacity,
    string? HostKeyHash,
    string? SignalingKeyHash,
    bool AdHoc,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt,
    int? SnapshotIntervalSeconds = null)
{
    public bool IsOpen => ClosedAt is null;

    public RoomOpenedIntegrationEvent ToOpenedEvent() =>
        new(Id, Kind, Title, Capacity, HostKeyHash, SignalingKeyHash, SnapshotIntervalSeconds, AdHoc);
}
