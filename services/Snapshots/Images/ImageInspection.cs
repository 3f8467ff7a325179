namespace Hiroba.Snapshots.Images;

/// <summary>What <see cref="ImageInspector"/> found: a complete image of a known type and size, or why not.</summary>
public sealed record ImageInspection(ImageFormat? Format, int Width, int Height, string? Problem)
{
    public bool IsImage => Problem is null;

    public static ImageInspection Valid(ImageFormat format, int width, int height) => new(format, width, height, null);

    public static ImageInspection Invalid(string problem) => new(null, 0, 0, problem);
}
