using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Hiroba.Snapshots.Tests;

/// <summary>Real, decodable PNG files made in code (no image library is available): a grey gradient of a given size.</summary>
public static class TestImages
{
    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return c;
    }).ToArray();

    /// <param name="seed">Changes the pixels, so two images of the same size differ.</param>
    /// <param name="noise">Random pixels, which do not compress: the file is about width x height bytes.</param>
    public static byte[] Png(int width = 64, int height = 36, int seed = 0, bool noise = false)
    {
        var raw = new byte[height * (1 + width)];
        var random = new Random(seed);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                raw[y * (1 + width) + 1 + x] = noise ? (byte)random.Next(256) : (byte)(x * 3 + y * 5 + seed * 37);
            }
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw);
        }
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8; // bit depth; colour type 0 = greyscale
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A PNG header followed by random bytes up to <paramref name="size"/>: too large to accept, whatever it shows.</summary>
    public static byte[] OversizedPng(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        Png().AsSpan(0, 33).CopyTo(bytes);
        return bytes;
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(number, (uint)data.Length);
        stream.Write(number);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        var crc = 0xFFFFFFFFu;
        foreach (var b in typeBytes.Concat(data))
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        BinaryPrimitives.WriteUInt32BigEndian(number, crc ^ 0xFFFFFFFFu);
        stream.Write(number);
    }
}
