using System.Diagnostics.Metrics;

namespace Hiroba.Snapshots.Images;

/// <summary><c>hiroba.snapshots.uploads</c> by outcome, and the size of each stored snapshot.</summary>
internal static class UploadMetrics
{
    private static readonly Meter Meter = new("Hiroba.Snapshots");

    private static readonly Counter<long> Uploads = Meter.CreateCounter<long>(
        "hiroba.snapshots.uploads", "{upload}", "Snapshot uploads, by outcome (stored, refused, too_large, unsupported).");

    private static readonly Histogram<long> StoredSize = Meter.CreateHistogram<long>(
        "hiroba.snapshots.upload.size", "By", "The size of each stored snapshot.");

    public static void Stored(long bytes)
    {
        Uploads.Add(1, new KeyValuePair<string, object?>("hiroba.outcome", "stored"));
        StoredSize.Record(bytes);
    }

    /// <param name="outcome">refused (access, rate, room state), too_large or unsupported.</param>
    public static void NotStored(string outcome) => Uploads.Add(1, new KeyValuePair<string, object?>("hiroba.outcome", outcome));
}
