namespace Hiroba.Snapshots.Images;

/// <summary>The image types the screen wall accepts, recognised by their bytes, never by a name or a header.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    WebP,
}

public static class ImageFormats
{
    public static string ContentType(this ImageFormat format) => format switch
    {
        ImageFormat.Png => "image/png",
        ImageFormat.Jpeg => "image/jpeg",
        _ => "image/webp",
    };

    public static string Extension(this ImageFormat format) => format switch
    {
        ImageFormat.Png => ".png",
        ImageFormat.Jpeg => ".jpg",
        _ => ".webp",
    };

    public static ImageFormat? FromExtension(string extension) => extension switch
    {
        ".png" => ImageFormat.Png,
        ".jpg" => ImageFormat.Jpeg,
        ".webp" => ImageFormat.WebP,
        _ => null,
    };
}
