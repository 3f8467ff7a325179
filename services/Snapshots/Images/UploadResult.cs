namespace Hiroba.Snapshots.Images;

/// <summary>An upload written to a temporary file, or why it was refused (then no file is left behind).</summary>
public sealed record UploadResult(string? TempPath, long Length, ImageInspection Inspection, bool TooLarge)
{
    public bool IsAccepted => TempPath is not null;
}
