using System.Buffers;

namespace Hiroba.Mqtt.Protocol;

/// <summary>
/// Decodes the packets a server may send to a client. Any violation of MQTT 3.1.1 throws
/// <see cref="MqttProtocolException"/>; the size limit is checked from the fixed header alone,
/// before waiting for (or allocating) the body.
/// </summary>
internal static class MqttPacketDecoder
{
    /// <summary>
    /// Decodes one packet from the start of <paramref name="buffer"/> and slices it off.
    /// Returns false, leaving the buffer as it was, when the packet is not complete yet.
    /// </summary>
    public static bool TryDecode(ref ReadOnlySequence<byte> buffer, int maxPacketSize, TopicNameCache topics, out IncomingPacket packet)
    {
        packet = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryRead(out var first) || !RemainingLength.TryRead(ref reader, out var remaining))
        {
            return false;
        }

        var headerLength = (int)reader.Consumed;
        if ((long)headerLength + remaining > maxPacketSize)
        {
            throw new MqttProtocolException(
                $"Packet of {(long)headerLength + remaining} bytes exceeds the maximum packet size of {maxPacketSize} bytes.");
        }

        if (reader.Remaining < remaining)
        {
            return false;
        }

        var body = new SequenceReader<byte>(buffer.Slice(headerLength, remaining));
        packet = DecodeBody((MqttPacketType)(first >> 4), (byte)(first & 0x0F), ref body, topics);
        buffer = buffer.Slice(headerLength + remaining);
        return true;
    }

    private static IncomingPacket DecodeBody(MqttPacketType type, byte flags, ref SequenceReader<byte> body, TopicNameCache topics)
    {
        if (type != MqttPacketType.Publish && flags != 0)
        {
            throw new MqttProtocolException($"{type} packet with reserved flags 0x{flags:X} (must be 0).");
        }

        return type switch
        {
            MqttPacketType.ConnAck => DecodeConnAck(ref body),
            MqttPacketType.Publish => DecodePublish(flags, ref body, topics),
            MqttPacketType.PubAck or MqttPacketType.UnsubAck => DecodeAck(type, ref body),
            MqttPacketType.SubAck => DecodeSubAck(ref body),
            MqttPacketType.PingResp => ExpectEnd(new IncomingPacket(type), ref body),
            _ => throw new MqttProtocolException($"Packet type {(int)type} is not one a server sends to a client of this library."),
        };
    }

    private static IncomingPacket DecodeConnAck(ref SequenceReader<byte> body)
    {
        var acknowledgeFlags = ReadByte(ref body, "CONNACK");
        var returnCode = ReadByte(ref body, "CONNACK");
        if ((acknowledgeFlags & 0xFE) != 0)
        {
            throw new MqttProtocolException("CONNACK with reserved acknowledge flags set.");
        }

        return ExpectEnd(new IncomingPacket(MqttPacketType.ConnAck, ConnectReturnCode: returnCode, SessionPresent: acknowledgeFlags == 1), ref body);
    }

    private static IncomingPacket DecodePublish(byte flags, ref SequenceReader<byte> body, TopicNameCache topics)
    {
        var qos = (flags >> 1) & 0x03;
        var dup = (flags & 0x08) != 0;
        var retain = (flags & 0x01) != 0;
        if (qos > 1)
        {
            throw new MqttProtocolException($"PUBLISH with QoS {qos}: this client subscribes with QoS 0 or 1 only.");
        }

        if (dup && qos == 0)
        {
            throw new MqttProtocolException("PUBLISH with DUP set on QoS 0.");
        }

        var topic = ReadTopic(ref body, topics);
        var packetId = qos > 0 ? ReadPacketId(ref body, "PUBLISH") : (ushort)0;
        var payload = body.Remaining == 0 ? [] : body.UnreadSequence.ToArray();
        var message = new MqttApplicationMessage(topic, payload, (MqttQos)qos, retain);
        return new IncomingPacket(MqttPacketType.Publish, packetId, message);
    }

    private static IncomingPacket DecodeAck(MqttPacketType type, ref SequenceReader<byte> body) =>
        ExpectEnd(new IncomingPacket(type, ReadPacketId(ref body, type.ToString())), ref body);

    private static IncomingPacket DecodeSubAck(ref SequenceReader<byte> body)
    {
        var packetId = ReadPacketId(ref body, "SUBACK");
        if (body.Remaining == 0)
        {
            throw new MqttProtocolException("SUBACK without return codes.");
        }

        var codes = body.UnreadSequence.ToArray();
        foreach (var code in codes)
        {
            if (code is > 2 and not 0x80)
            {
                throw new MqttProtocolException($"SUBACK with invalid return code 0x{code:X2}.");
            }
        }

        return new IncomingPacket(MqttPacketType.SubAck, packetId, SubscribeReturnCodes: codes);
    }

    private static string ReadTopic(ref SequenceReader<byte> body, TopicNameCache topics)
    {
        if (!body.TryReadBigEndian(out short signedLength))
        {
            throw new MqttProtocolException("PUBLISH truncated before the topic length.");
        }

        var length = (ushort)signedLength;
        if (body.Remaining < length)
        {
            throw new MqttProtocolException($"PUBLISH topic length {length} exceeds the packet.");
        }

        if (body.UnreadSpan.Length >= length)
        {
            var name = topics.GetOrAdd(body.UnreadSpan[..length]);
            body.Advance(length);
            return name;
        }

        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.TryCopyTo(rented.AsSpan(0, length));
            body.Advance(length);
            return topics.GetOrAdd(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static ushort ReadPacketId(ref SequenceReader<byte> body, string packetName)
    {
        if (!body.TryReadBigEndian(out short value))
        {
            throw new MqttProtocolException($"{packetName} truncated before the packet identifier.");
        }

        return value == 0 ? throw new MqttProtocolException($"{packetName} with packet identifier 0.") : (ushort)value;
    }

    private static byte ReadByte(ref SequenceReader<byte> body, string packetName) =>
        body.TryRead(out var value) ? value : throw new MqttProtocolException($"{packetName} is truncated.");

    private static IncomingPacket ExpectEnd(IncomingPacket packet, ref SequenceReader<byte> body) =>
        body.Remaining == 0
            ? packet
            : throw new MqttProtocolException($"{packet.Type} has {body.Remaining} unexpected trailing bytes.");
}
