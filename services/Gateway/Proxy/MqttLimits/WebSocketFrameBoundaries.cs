namespace Hiroba.Gateway.Proxy.MqttLimits;

/// <summary>
/// Follows where WebSocket frames (RFC 6455 §5.2) end in a byte stream as it passes, byte by byte through their headers
/// and in one step over their payloads: what the broker sends a page, so that the gateway can put a frame of its own
/// between two of the broker's. It keeps none of the bytes.
/// </summary>
internal sealed class WebSocketFrameBoundaries
{
    private const int MaskKeyBytes = 4;

    private int _headerRead;
    private int _headerLength;
    private int _lengthEnd;
    private ulong _payloadLeft;

    /// <summary>True between two frames (and before the first): a whole frame may be sent now.</summary>
    public bool AtFrameStart => _headerRead == 0 && _payloadLeft == 0;

    /// <summary>Follows <paramref name="bytes"/>, the next bytes of the stream.</summary>
    /// <param name="stopAtFrameEnd">Stop where the current frame ends (at once when between frames).</param>
    /// <returns>How many bytes it followed: all, or with <paramref name="stopAtFrameEnd"/> those up to the frame's end.</returns>
    public int Advance(ReadOnlySpan<byte> bytes, bool stopAtFrameEnd)
    {
        var position = 0;
        while (position < bytes.Length && !(stopAtFrameEnd && AtFrameStart))
        {
            if (_headerRead == 0 && _payloadLeft > 0)
            {
                var skipped = (int)Math.Min((ulong)(bytes.Length - position), _payloadLeft);
                position += skipped;
                _payloadLeft -= (ulong)skipped;
                continue;
            }
            FollowHeader(bytes[position++]);
        }
        return position;
    }

    /// <summary>A header: flags and opcode; mask bit and a 7-bit length (126: 16 bits follow, 127: 64); the mask key if masked.</summary>
    private void FollowHeader(byte value)
    {
        var index = _headerRead++;
        if (index == 1)
        {
            var length = value & 0x7F;
            _lengthEnd = 2 + length switch { 126 => 2, 127 => 8, _ => 0 };
            _headerLength = _lengthEnd + ((value & 0x80) != 0 ? MaskKeyBytes : 0);
            _payloadLeft = length < 126 ? (ulong)length : 0;
        }
        else if (index >= 2 && index < _lengthEnd)
        {
            _payloadLeft = (_payloadLeft << 8) | value;
        }
        if (index >= 1 && _headerRead == _headerLength)
        {
            _headerRead = 0;
        }
    }
}
