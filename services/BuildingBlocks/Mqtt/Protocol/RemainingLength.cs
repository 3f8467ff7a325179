using System.Buffers;

namespace Hiroba.Mqtt.Protocol;

/// <summary>The variable-length "Remaining Length" of the fixed header: 1 to 4 bytes of 7 bits, least significant first (§2.2.3).</summary>
internal static class RemainingLength
{
    public const int MaxValue = 268_435_455;
    public const int MaxBytes = 4;

    public static int SizeOf(int value) => value switch
    {
        < 0 or > MaxValue => throw new ArgumentOutOfRangeException(nameof(value), value, "Remaining length must be between 0 and 268435455."),
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    public static int Write(Span<byte> destination, int value)
    {
        var size = SizeOf(value);
        for (var i = 0; i < size; i++)
        {
            var digit = (byte)(value & 0x7F);
            value >>= 7;
            destination[i] = value > 0 ? (byte)(digit | 0x80) : digit;
        }

        return size;
    }

    /// <summary>
    /// Reads a remaining length. Returns false when more bytes are needed; throws
    /// <see cref="MqttProtocolException"/> when a fourth byte still has the continuation bit set.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out int value)
    {
        value = 0;
        for (var i = 0; i < MaxBytes; i++)
        {
            if (!reader.TryRead(out var digit))
            {
                return false;
            }

            value |= (digit & 0x7F) << (7 * i);
            if ((digit & 0x80) == 0)
            {
                return true;
            }
        }

        throw new MqttProtocolException("Malformed remaining length: more than 4 bytes.");
    }
}
