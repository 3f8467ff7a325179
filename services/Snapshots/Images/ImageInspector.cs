using System.Buffers.Binary;

namespace Hiroba.Snapshots.Images;

/// <summary>
/// Tells PNG, JPEG and WebP apart by their magic bytes, reads the pixel size from the header, and checks that the file
/// ends the way a complete file of that type ends (PNG's IEND chunk, JPEG's EOI marker, WebP's RIFF length), so a
/// truncated upload is refused. It never decodes pixels.
/// </summary>
public static class ImageInspector
{
    /// <summary>Bytes of the start of the file the inspector needs to see: the headers, including JPEG's segments before the frame.</summary>
    public const int HeadLength = 16 * 1024;

    /// <summary>Bytes of the end of the file it needs to see.</summary>
    public const int TailLength = 12;

    /// <summary>Largest width or height accepted; a guest page scales screens to at most 1920 pixels wide.</summary>
    public const int MaxDimension = 8192;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> PngEnd => [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    /// <summary>Recognises the type from the first bytes alone; null when they are none of the accepted types.</summary>
    public static ImageFormat? Recognise(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(PngSignature))
        {
            return ImageFormat.Png;
        }
        if (head is [0xFF, 0xD8, 0xFF, ..])
        {
            return ImageFormat.Jpeg;
        }
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageFormat.WebP;
        }
        return null;
    }

    /// <param name="head">The first <see cref="HeadLength"/> bytes (or the whole file when shorter).</param>
    /// <param name="tail">The last <see cref="TailLength"/> bytes (or fewer when the file is shorter).</param>
    /// <param name="length">The file's length in bytes.</param>
    public static ImageInspection Inspect(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long length)
    {
        var inspection = Recognise(head) switch
        {
            ImageFormat.Png => InspectPng(head, tail),
            ImageFormat.Jpeg => InspectJpeg(head, tail),
            ImageFormat.WebP => InspectWebP(head, length),
            _ => ImageInspection.Invalid("The upload is not a PNG, JPEG or WebP image."),
        };
        if (inspection.IsImage && (inspection.Width is < 1 or > MaxDimension || inspection.Height is < 1 or > MaxDimension))
        {
            return ImageInspection.Invalid($"Images may be at most {MaxDimension} pixels wide and high, not {inspection.Width}x{inspection.Height}.");
        }
        return inspection;
    }

    private static ImageInspection InspectPng(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail)
    {
        // Signature, then the IHDR chunk: length, "IHDR", width, height (big-endian).
        if (head.Length < 24 || !head[12..16].SequenceEqual("IHDR"u8))
        {
            return ImageInspection.Invalid("The PNG image has no IHDR header.");
        }
        if (!tail.SequenceEqual(PngEnd))
        {
            return ImageInspection.Invalid("The PNG image is incomplete: it does not end with an IEND chunk.");
        }
        return ImageInspection.Valid(ImageFormat.Png,
            (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(head[16..]), int.MaxValue),
            (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(head[20..]), int.MaxValue));
    }

    private static ImageInspection InspectJpeg(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail)
    {
        if (tail is not [.., 0xFF, 0xD9])
        {
            return ImageInspection.Invalid("The JPEG image is incomplete: it does not end with an EOI marker.");
        }
        var offset = 2;
        while (offset + 4 <= head.Length && head[offset] == 0xFF)
        {
            var marker = head[offset + 1];
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7) or 0xFF)
            {
                offset += marker == 0xFF ? 1 : 2;
                continue;
            }
            var segmentLength = BinaryPrimitives.ReadUInt16BigEndian(head[(offset + 2)..]);
            // Start-of-frame markers C0-CF, except DHT (C4), JPG (C8) and DAC (CC): precision, height, width.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (offset + 9 > head.Length)
                {
                    break;
                }
                return ImageInspection.Valid(ImageFormat.Jpeg,
                    BinaryPrimitives.ReadUInt16BigEndian(head[(offset + 7)..]),
                    BinaryPrimitives.ReadUInt16BigEndian(head[(offset + 5)..]));
            }
            if (marker == 0xDA || segmentLength < 2)
            {
                break;
            }
            offset += 2 + segmentLength;
        }
        return ImageInspection.Invalid("The JPEG image has no frame header in its first bytes.");
    }

    private static ImageInspection InspectWebP(ReadOnlySpan<byte> head, long length)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) + 8L != length)
        {
            return ImageInspection.Invalid("The WebP image is incomplete: its length differs from its RIFF header.");
        }
        if (head.Length < 30)
        {
            return ImageInspection.Invalid("The WebP image has no frame header.");
        }
        var chunk = head[12..16];
        var data = head[20..];
        if (chunk.SequenceEqual("VP8 "u8) && data[3..6].SequenceEqual((ReadOnlySpan<byte>)[0x9D, 0x01, 0x2A]))
        {
            return ImageInspection.Valid(ImageFormat.WebP,
                BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFF,
                BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFF);
        }
        if (chunk.SequenceEqual("VP8L"u8) && data[0] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
            return ImageInspection.Valid(ImageFormat.WebP, (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8X"u8))
        {
            return ImageInspection.Valid(ImageFormat.WebP, ReadUInt24(data[4..]) + 1, ReadUInt24(data[7..]) + 1);
        }
        return ImageInspection.Invalid("The WebP image has no VP8, VP8L or VP8X frame header.");
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);
}
