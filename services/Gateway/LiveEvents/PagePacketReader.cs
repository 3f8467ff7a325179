using System.Net.WebSockets;
using MQTTnet.Adapter;

namespace Hiroba.Gateway.LiveEvents;

/// <summary>
/// Reads the MQTT packets a page sends: one stream of packets across its binary WebSocket messages, in any framing (a
/// packet may span messages, a message may hold several). It holds at most one packet of the page's limit, so an
/// over-size packet is refused from its header, before its body is read.
/// </summary>
internal sealed class PagePacketReader(WebSocket socket, int maxPacketBytes)
{
    private readonly byte[] _buffer = new byte[maxPacketBytes];
    private int _start;
    private int _end;

    /// <summary>The next whole packet; its body is valid until the next call.</summary>
    /// <returns>Null when the page closed the WebSocket.</returns>
    /// <exception cref="PageViolationException">The page broke the rules of <c>/mqtt</c>.</exception>
    public async ValueTask<ReceivedMqttPacket?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTakePacket() is { } packet)
            {
                return packet;
            }
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                (_start, _end) = (0, _end - _start);
            }
            var result = await socket.ReceiveAsync(_buffer.AsMemory(_end), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            if (result.MessageType != WebSocketMessageType.Binary)
            {
                throw new PageViolationException("a text WebSocket message (MQTT travels in binary ones)");
            }
            _end += result.Count;
        }
    }

    private ReceivedMqttPacket? TryTakePacket()
    {
        var available = _buffer.AsSpan(_start, _end - _start);
        if (available.Length < 2)
        {
            return null;
        }
        // The fixed header: a type byte, then the remaining length in one to four bytes of seven bits each.
        var remainingLength = 0;
        var lengthBytes = 0;
        byte digit;
        do
        {
            if (lengthBytes == 4)
            {
                throw new PageViolationException("an MQTT packet with a malformed remaining length");
            }
            if (1 + lengthBytes >= available.Length)
            {
                return null;
            }
            digit = available[1 + lengthBytes];
            remainingLength |= (digit & 0x7F) << (7 * lengthBytes);
            lengthBytes++;
        }
        while ((digit & 0x80) != 0);

        var packetBytes = 1 + lengthBytes + remainingLength;
        if (packetBytes > _buffer.Length)
        {
            throw new PageViolationException($"an MQTT packet of {packetBytes} bytes, above the limit of {_buffer.Length}");
        }
        if (available.Length < packetBytes)
        {
            return null;
        }
        var packet = new ReceivedMqttPacket(available[0], new ArraySegment<byte>(_buffer, _start + 1 + lengthBytes, remainingLength), packetBytes);
        _start += packetBytes;
        if (_start == _end)
        {
            (_start, _end) = (0, 0);
        }
        return packet;
    }
}
