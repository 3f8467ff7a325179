using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Snapshots;

/// <summary>A guest's screen snapshot was stored. Metadata only: the image never travels over pub/sub.</summary>
/// <param name="SnapshotId">Unique within the room.</param>
/// <param name="ContentType"><c>image/webp</c>, <c>image/jpeg</c> or <c>image/png</c>, as the bytes showed.</param>
/// <param name="Size">Bytes.</param>
/// <param name="TakenAt">When the service stored it.</param>
[Topic("snapshots.snapshot-ingested")]
public sealed record SnapshotIngestedIntegrationEvent(
    string RoomId, string GuestId, string SnapshotId, string ContentType, long Size, int Width, int Height, DateTimeOffset TakenAt)
    : IntegrationEvent;
