using System.Security.Cryptography;

namespace Hiroba.Signaling.Ayame;

/// <summary>A ULID (48-bit millisecond time + 80 random bits, Crockford base32): Ayame's <c>connectionId</c> format.</summary>
public static class Ulid
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string Create(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = now.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)milliseconds;
            milliseconds >>= 8;
        }
        RandomNumberGenerator.Fill(bytes[6..]);

        // 128 bits as 26 base32 digits, the first carrying only 3 bits.
        var value = new UInt128(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
        return string.Create(26, value, static (chars, number) =>
        {
            for (var i = 25; i >= 0; i--)
            {
                chars[i] = Alphabet[(int)(number & 31)];
                number >>= 5;
            }
        });
    }
}
