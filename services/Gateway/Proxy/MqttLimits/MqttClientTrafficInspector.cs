namespace Hiroba.Gateway.Proxy.MqttLimits;

/// <summary>
/// Follows what a browser sends on <c>/mqtt</c>: WebSocket frames from the client (RFC 6455 §5.2, always masked, no
/// extension negotiated), whose data payloads form one stream of MQTT packets (a type byte, then the remaining length
/// in one to four bytes). It reads headers only, byte by byte as they come, and keeps none of them: every packet's fixed
/// header, so it finds an over-size packet from its first bytes, before any of it is passed on; and the first packet's
/// variable header, which must be that of a CONNECT for MQTT 3.1.1 with a clean session. The broker then keeps nothing
/// for a page once it leaves: a persistent session would have the broker queue public events for it, without end.
/// </summary>
internal sealed class MqttClientTrafficInspector(int maxPacketBytes)
{
    private const int MaxControlFramePayload = 125;

    /// <summary>A CONNECT's fixed-header type byte (packet type 1, reserved flags 0).</summary>
    private const byte ConnectType = 0x10;

    private const byte CleanSessionFlag = 0x02;

    private FrameState _frame = FrameState.Header;
    private bool _dataFrame;
    private int _extendedLengthBytesLeft;
    private ulong _payloadLeft;
    private readonly byte[] _mask = new byte[4];
    private int _maskBytes;
    private int _maskOffset;

    private PacketState _packet = PacketState.TypeByte;
    private bool _connectChecked;
    private int _connectHeaderRead;
    private int _remainingLength;
    private int _multiplier;
    private int _lengthBytes;
    private int _bodyLeft;

    private enum FrameState { Header, Length, ExtendedLength, MaskKey, Payload }

    private enum PacketState { TypeByte, RemainingLength, ConnectHeader, Body }

    /// <summary>
    /// A CONNECT's variable header up to its flags: the protocol name "MQTT" (a length-prefixed string) and the protocol
    /// level 4 (MQTT 3.1.1; MQTT 5 is 5, MQTT 3.1 names "MQIsdp"). The connect flags follow.
    /// </summary>
    private static ReadOnlySpan<byte> Mqtt311Protocol => [0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04];

    /// <summary>The protocol and the connect flags.</summary>
    private static int ConnectHeaderBytes => Mqtt311Protocol.Length + 1;

    /// <summary>Follows the next bytes the client sent.</summary>
    /// <returns>Null while the traffic keeps to the rules, else what broke them (the connection must end).</returns>
    public string? Inspect(ReadOnlySpan<byte> bytes)
    {
        var position = 0;
        while (position < bytes.Length)
        {
            switch (_frame)
            {
                case FrameState.Header:
                    var first = bytes[position++];
                    var opcode = first & 0x0F;
                    if ((first & 0x70) != 0)
                    {
                        return "a WebSocket frame with reserved bits set";
                    }
                    if (opcode is > 2 and < 8 or > 10)
                    {
                        return $"a WebSocket frame with the unknown opcode {opcode}";
                    }
                    _dataFrame = opcode < 8;
                    _frame = FrameState.Length;
                    break;
                case FrameState.Length:
                    var second = bytes[position++];
                    var length = second & 0x7F;
                    if ((second & 0x80) == 0)
                    {
                        return "an unmasked WebSocket frame";
                    }
                    if (!_dataFrame && length > MaxControlFramePayload)
                    {
                        return "a WebSocket control frame above 125 bytes";
                    }
                    _payloadLeft = length < 126 ? (ulong)length : 0;
                    _extendedLengthBytesLeft = length switch { 126 => 2, 127 => 8, _ => 0 };
                    _frame = _extendedLengthBytesLeft > 0 ? FrameState.ExtendedLength : FrameState.MaskKey;
                    _maskBytes = 0;
                    break;
                case FrameState.ExtendedLength:
                    _payloadLeft = (_payloadLeft << 8) | bytes[position++];
                    if (--_extendedLengthBytesLeft == 0)
                    {
                        _frame = FrameState.MaskKey;
                    }
                    break;
                case FrameState.MaskKey:
                    _mask[_maskBytes++] = bytes[position++];
                    if (_maskBytes == _mask.Length)
                    {
                        _maskOffset = 0;
                        _frame = _payloadLeft == 0 ? FrameState.Header : FrameState.Payload;
                    }
                    break;
                case FrameState.Payload:
                    var count = (int)Math.Min((ulong)(bytes.Length - position), _payloadLeft);
                    if (_dataFrame && InspectPackets(bytes.Slice(position, count)) is { } violation)
                    {
                        return violation;
                    }
                    position += count;
                    _payloadLeft -= (ulong)count;
                    if (_payloadLeft == 0)
                    {
                        _frame = FrameState.Header;
                    }
                    break;
            }
        }
        return null;
    }

    private string? InspectPackets(ReadOnlySpan<byte> maskedPayload)
    {
        var position = 0;
        while (position < maskedPayload.Length)
        {
            switch (_packet)
            {
                case PacketState.TypeByte:
                    var type = Unmask(maskedPayload[position++]);
                    if (!_connectChecked && type != ConnectType)
                    {
                        return "a first MQTT packet that is not a CONNECT";
                    }
                    (_remainingLength, _multiplier, _lengthBytes) = (0, 1, 0);
                    _packet = PacketState.RemainingLength;
                    break;
                case PacketState.RemainingLength:
                    var digit = Unmask(maskedPayload[position++]);
                    _remainingLength += (digit & 0x7F) * _multiplier;
                    _multiplier *= 128;
                    _lengthBytes++;
                    if ((digit & 0x80) != 0)
                    {
                        if (_lengthBytes == 4)
                        {
                            return "an MQTT packet with a malformed remaining length";
                        }
                        break;
                    }
                    var packetBytes = 1 + _lengthBytes + _remainingLength;
                    if (packetBytes > maxPacketBytes)
                    {
                        return $"an MQTT packet of {packetBytes} bytes, above the limit of {maxPacketBytes}";
                    }
                    _bodyLeft = _remainingLength;
                    if (!_connectChecked)
                    {
                        if (_bodyLeft < ConnectHeaderBytes)
                        {
                            return "a CONNECT too short to name its protocol";
                        }
                        _connectHeaderRead = 0;
                        _packet = PacketState.ConnectHeader;
                        break;
                    }
                    _packet = _bodyLeft == 0 ? PacketState.TypeByte : PacketState.Body;
                    break;
                case PacketState.ConnectHeader:
                    if (InspectConnectHeader(Unmask(maskedPayload[position++])) is { } violation)
                    {
                        return violation;
                    }
                    _bodyLeft--;
                    if (_connectChecked)
                    {
                        _packet = _bodyLeft == 0 ? PacketState.TypeByte : PacketState.Body;
                    }
                    break;
                case PacketState.Body:
                    var skipped = Math.Min(maskedPayload.Length - position, _bodyLeft);
                    position += skipped;
                    _maskOffset += skipped;
                    _bodyLeft -= skipped;
                    if (_bodyLeft == 0)
                    {
                        _packet = PacketState.TypeByte;
                    }
                    break;
            }
        }
        return null;
    }

    private string? InspectConnectHeader(byte value)
    {
        var index = _connectHeaderRead++;
        if (index < Mqtt311Protocol.Length)
        {
            return value == Mqtt311Protocol[index] ? null : "a CONNECT for a protocol other than MQTT 3.1.1";
        }
        if ((value & CleanSessionFlag) == 0)
        {
            return "a CONNECT for a persistent session (clean session 0)";
        }
        _connectChecked = true;
        return null;
    }

    private byte Unmask(byte masked) => (byte)(masked ^ _mask[_maskOffset++ & 3]);
}
