using Hiroba.Contracts.Snapshots;
using Hiroba.Snapshots.Images;

namespace Hiroba.Snapshots.Wall;

/// <summary>One image a guest uploaded, as kept on disk (<see cref="Storage.ImageFolder"/>) and in the database.</summary>
public sealed record StoredSnapshot(string Id, string GuestId, ImageFormat Format, long Size, int Width, int Height, DateTimeOffset TakenAt)
{
    public SnapshotIngestedIntegrationEvent ToIngestedEvent(string roomId) =>
        new(roomId, GuestId, Id, Format.ContentType(), Size, Width, Height, TakenAt) { OccurredAt = TakenAt };
}
