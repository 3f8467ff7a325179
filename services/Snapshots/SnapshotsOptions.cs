using System.ComponentModel.DataAnnotations;

namespace Hiroba.Snapshots;

/// <summary>Section <c>Snapshots</c>: the limits of the screen wall.</summary>
public sealed record SnapshotsOptions
{
    public const string SectionName = "Snapshots";

    /// <summary>Largest image a guest may upload, in bytes (4 MiB). The gateway's upload route must allow at least this.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxImageBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Snapshots kept per guest, the latest included.</summary>
    [Range(1, 1000)]
    public int HistoryPerGuest { get; init; } = 10;

    /// <summary>Uploads and heartbeats a guest may send in any one second.</summary>
    [Range(1, 10_000)]
    public int MaxUploadsPerSecond { get; init; } = 2;

    /// <summary>Bytes of images one room may keep; past it the oldest history goes, and uploads are refused when only latest images are left.</summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long RoomDiskBudgetBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>How long a closed room's images stay on disk.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan ClosedRoomRetention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Wall events each room keeps in memory so that a reconnecting host stream resumes without loss.</summary>
    [Range(16, 100_000)]
    public int EventHistoryPerRoom { get; init; } = 2048;

    /// <summary>Host streams (tabs) one room may have open at once.</summary>
    [Range(1, 1000)]
    public int MaxHostStreamsPerRoom { get; init; } = 20;

    /// <summary>
    /// How often a guest page says that it is still open, in every state (joined, sharing, paused, stopped); it learns this
    /// from the room. A guest not heard from for <see cref="Wall.WorkshopRoom.AbsentAfterHeartbeats"/> heartbeats is
    /// absent: its seat is free.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan GuestHeartbeat { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an idle host stream gets a comment line, so proxies keep it open.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan StreamHeartbeat { get; init; } = TimeSpan.FromSeconds(15);
}
