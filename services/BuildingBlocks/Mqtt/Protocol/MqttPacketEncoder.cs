using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Hiroba.Mqtt.Protocol;

/// <summary>Encodes the packets a client sends (MQTT 3.1.1 §3).</summary>
internal static class MqttPacketEncoder
{
    private const byte ProtocolLevel = 4;

    /// <summary>The whole size of the packet on the wire, fixed header included, or more than int.MaxValue if it cannot be encoded.</summary>
    public static long SizeOf(in OutgoingPacket packet)
    {
        var remaining = RemainingSizeOf(packet, TopicByteCount(packet));
        return remaining > RemainingLength.MaxValue ? long.MaxValue : 1 + RemainingLength.SizeOf((int)remaining) + remaining;
    }

    public static void Write(IBufferWriter<byte> output, in OutgoingPacket packet)
    {
        var topicLength = TopicByteCount(packet);
        var remaining = (int)RemainingSizeOf(packet, topicLength);
        var span = output.GetSpan(1 + RemainingLength.MaxBytes + remaining);
        var position = WriteFixedHeader(span, FirstByte(packet), remaining);
        switch (packet.Type)
        {
            case MqttPacketType.Publish:
                position += WriteString(span[position..], packet.Topic!, topicLength);
                if (packet.Qos != MqttQos.AtMostOnce)
                {
                    position += WritePacketId(span[position..], packet.PacketId);
                }

                packet.Payload.Span.CopyTo(span[position..]);
                position += packet.Payload.Length;
                break;
            case MqttPacketType.PubAck:
                position += WritePacketId(span[position..], packet.PacketId);
                break;
            case MqttPacketType.Subscribe:
                position += WritePacketId(span[position..], packet.PacketId);
                position += WriteString(span[position..], packet.Topic!, topicLength);
                span[position++] = (byte)packet.Qos;
                break;
            case MqttPacketType.Unsubscribe:
                position += WritePacketId(span[position..], packet.PacketId);
                position += WriteString(span[position..], packet.Topic!, topicLength);
                break;
        }

        output.Advance(position);
    }

    public static void WriteConnect(IBufferWriter<byte> output, MqttClientOptions options)
    {
        var clientId = Encoding.UTF8.GetByteCount(options.ClientId);
        var username = options.Username is null ? -1 : Encoding.UTF8.GetByteCount(options.Username);
        var password = options.Password is null ? -1 : Encoding.UTF8.GetByteCount(options.Password);
        var remaining = 10 + 2 + clientId + (username < 0 ? 0 : 2 + username) + (password < 0 ? 0 : 2 + password);

        var span = output.GetSpan(1 + RemainingLength.MaxBytes + remaining);
        var position = WriteFixedHeader(span, (byte)MqttPacketType.Connect << 4, remaining);
        position += WriteString(span[position..], "MQTT", 4);
        span[position++] = ProtocolLevel;
        span[position++] = (byte)((username >= 0 ? 0x80 : 0) | (password >= 0 ? 0x40 : 0) | (options.CleanSession ? 0x02 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(span[position..], (ushort)options.KeepAlive.TotalSeconds);
        position += 2;
        position += WriteString(span[position..], options.ClientId, clientId);
        if (username >= 0)
        {
            position += WriteString(span[position..], options.Username!, username);
        }

        if (password >= 0)
        {
            position += WriteString(span[position..], options.Password!, password);
        }

        output.Advance(position);
    }

    private static int TopicByteCount(in OutgoingPacket packet) => packet.Topic is null ? 0 : Encoding.UTF8.GetByteCount(packet.Topic);

    private static long RemainingSizeOf(in OutgoingPacket packet, int topicLength) => packet.Type switch
    {
        MqttPacketType.Publish => 2L + topicLength + (packet.Qos == MqttQos.AtMostOnce ? 0 : 2) + packet.Payload.Length,
        MqttPacketType.PubAck => 2,
        MqttPacketType.Subscribe => 2 + 2 + topicLength + 1,
        MqttPacketType.Unsubscribe => 2 + 2 + topicLength,
        MqttPacketType.PingReq or MqttPacketType.Disconnect => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(packet), packet.Type, "Not a packet a client sends."),
    };

    private static byte FirstByte(in OutgoingPacket packet) => packet.Type switch
    {
        MqttPacketType.Publish => (byte)(0x30 | (packet.Dup ? 0x08 : 0) | ((byte)packet.Qos << 1) | (packet.Retain ? 0x01 : 0)),
        // SUBSCRIBE and UNSUBSCRIBE carry the reserved flags 0010 (§2.2.2).
        MqttPacketType.Subscribe or MqttPacketType.Unsubscribe => (byte)(((byte)packet.Type << 4) | 0x02),
        _ => (byte)((byte)packet.Type << 4),
    };

    private static int WriteFixedHeader(Span<byte> span, int firstByte, int remaining)
    {
        span[0] = (byte)firstByte;
        return 1 + RemainingLength.Write(span[1..], remaining);
    }

    private static int WriteString(Span<byte> span, string value, int byteCount)
    {
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)byteCount);
        Encoding.UTF8.GetBytes(value, span[2..]);
        return 2 + byteCount;
    }

    private static int WritePacketId(Span<byte> span, ushort packetId)
    {
        BinaryPrimitives.WriteUInt16BigEndian(span, packetId);
        return 2;
    }
}
