using System.Buffers;
using System.Text;
using Hiroba.Mqtt.Protocol;
using Hiroba.Mqtt.Tests.Support;

namespace Hiroba.Mqtt.Tests.Protocol;

public class MqttPacketDecoderTests
{
    private const int MaxPacketSize = 1024;

    [Fact]
    public void Decodes_a_connack()
    {
        var packet = DecodeSingle([0x20, 0x02, 0x01, 0x05]);

        Assert.Equal(MqttPacketType.ConnAck, packet.Type);
        Assert.True(packet.SessionPresent);
        Assert.Equal(5, packet.ConnectReturnCode);
    }

    [Fact]
    public void Decodes_a_qos1_publish_split_over_segments()
    {
        byte[] bytes = [0x3B, 0x09, 0x00, 0x03, (byte)'a', (byte)'/', (byte)'b', 0x12, 0x34, (byte)'h', (byte)'i'];
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            var buffer = SegmentedSequence.Create(bytes[..cut], bytes[cut..]);
            Assert.True(MqttPacketDecoder.TryDecode(ref buffer, MaxPacketSize, new TopicNameCache(), out var packet));

            Assert.Equal(MqttPacketType.Publish, packet.Type);
            Assert.Equal(0x1234, packet.PacketId);
            Assert.Equal(new MqttApplicationMessage("a/b", packet.Message!.Payload, MqttQos.AtLeastOnce, true), packet.Message);
            Assert.Equal("hi", Encoding.UTF8.GetString(packet.Message.Payload.Span));
            Assert.True(buffer.IsEmpty);
        }
    }

    [Fact]
    public void Decodes_a_qos0_publish_with_an_empty_payload()
    {
        var packet = DecodeSingle([0x30, 0x03, 0x00, 0x01, (byte)'t']);

        Assert.Equal("t", packet.Message!.Topic);
        Assert.True(packet.Message.Payload.IsEmpty);
        Assert.Equal(0, packet.PacketId);
    }

    [Theory]
    [InlineData(new byte[] { 0x40, 0x02, 0x00, 0x07 }, "PubAck", 7)]
    [InlineData(new byte[] { 0xB0, 0x02, 0xFF, 0xFF }, "UnsubAck", 65535)]
    [InlineData(new byte[] { 0xD0, 0x00 }, "PingResp", 0)]
    public void Decodes_acknowledgements(byte[] bytes, string type, int packetId)
    {
        var packet = DecodeSingle(bytes);

        Assert.Equal(type, packet.Type.ToString());
        Assert.Equal(packetId, packet.PacketId);
    }

    [Fact]
    public void Decodes_a_suback_with_several_return_codes()
    {
        var packet = DecodeSingle([0x90, 0x05, 0x00, 0x02, 0x01, 0x80, 0x00]);

        Assert.Equal(2, packet.PacketId);
        Assert.Equal([0x01, 0x80, 0x00], packet.SubscribeReturnCodes);
    }

    [Fact]
    public void Decodes_consecutive_packets_one_at_a_time()
    {
        var buffer = new ReadOnlySequence<byte>([0x40, 0x02, 0x00, 0x01, 0xD0, 0x00, 0x40]);
        var topics = new TopicNameCache();

        Assert.True(MqttPacketDecoder.TryDecode(ref buffer, MaxPacketSize, topics, out var first));
        Assert.True(MqttPacketDecoder.TryDecode(ref buffer, MaxPacketSize, topics, out var second));
        Assert.False(MqttPacketDecoder.TryDecode(ref buffer, MaxPacketSize, topics, out _));

        Assert.Equal(MqttPacketType.PubAck, first.Type);
        Assert.Equal(MqttPacketType.PingResp, second.Type);
        Assert.Equal(1, buffer.Length);
    }

    [Fact]
    public void Waits_for_the_rest_of_an_incomplete_packet_without_consuming_it()
    {
        var buffer = new ReadOnlySequence<byte>([0x30, 0x05, 0x00, 0x01]);

        Assert.False(MqttPacketDecoder.TryDecode(ref buffer, MaxPacketSize, new TopicNameCache(), out _));
        Assert.Equal(4, buffer.Length);
    }

    [Fact]
    public void Rejects_an_oversized_packet_from_its_header_alone()
    {
        // Only the fixed header has arrived: the claim of ~268 MB is refused before any body is awaited.
        var buffer = new ReadOnlySequence<byte>([0x30, 0xFF, 0xFF, 0xFF, 0x7F]);

        var exception = Assert.Throws<MqttProtocolException>(() => MqttPacketDecoder.TryDecode(ref buffer, MaxPacketSize, new TopicNameCache(), out _));
        Assert.Contains("exceeds the maximum packet size of 1024", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("remaining length over 4 bytes", new byte[] { 0x30, 0x80, 0x80, 0x80, 0x80, 0x01 })]
    [InlineData("reserved flags on PUBACK", new byte[] { 0x42, 0x02, 0x00, 0x01 })]
    [InlineData("reserved flags on PINGRESP", new byte[] { 0xD1, 0x00 })]
    [InlineData("PUBACK with packet id 0", new byte[] { 0x40, 0x02, 0x00, 0x00 })]
    [InlineData("QoS 1 PUBLISH with packet id 0", new byte[] { 0x32, 0x05, 0x00, 0x01, (byte)'t', 0x00, 0x00 })]
    [InlineData("SUBACK with packet id 0", new byte[] { 0x90, 0x03, 0x00, 0x00, 0x00 })]
    [InlineData("topic length beyond the packet", new byte[] { 0x30, 0x04, 0x00, 0x09, (byte)'a', (byte)'b' })]
    [InlineData("PUBLISH without topic length", new byte[] { 0x30, 0x01, 0x00 })]
    [InlineData("QoS 1 PUBLISH truncated before its packet id", new byte[] { 0x32, 0x04, 0x00, 0x01, (byte)'t', 0x01 })]
    [InlineData("empty topic", new byte[] { 0x30, 0x02, 0x00, 0x00 })]
    [InlineData("wildcard in topic", new byte[] { 0x30, 0x03, 0x00, 0x01, (byte)'#' })]
    [InlineData("U+0000 in topic", new byte[] { 0x30, 0x03, 0x00, 0x01, 0x00 })]
    [InlineData("invalid UTF-8 topic", new byte[] { 0x30, 0x04, 0x00, 0x02, 0xC3, 0x28 })]
    [InlineData("QoS 3 PUBLISH", new byte[] { 0x36, 0x05, 0x00, 0x01, (byte)'t', 0x00, 0x01 })]
    [InlineData("QoS 2 PUBLISH", new byte[] { 0x34, 0x05, 0x00, 0x01, (byte)'t', 0x00, 0x01 })]
    [InlineData("DUP on QoS 0", new byte[] { 0x38, 0x03, 0x00, 0x01, (byte)'t' })]
    [InlineData("CONNACK too long", new byte[] { 0x20, 0x03, 0x00, 0x00, 0x00 })]
    [InlineData("CONNACK truncated", new byte[] { 0x20, 0x01, 0x00 })]
    [InlineData("CONNACK reserved acknowledge flags", new byte[] { 0x20, 0x02, 0x02, 0x00 })]
    [InlineData("SUBACK without return codes", new byte[] { 0x90, 0x02, 0x00, 0x01 })]
    [InlineData("SUBACK invalid return code", new byte[] { 0x90, 0x03, 0x00, 0x01, 0x03 })]
    [InlineData("PINGRESP with a body", new byte[] { 0xD0, 0x01, 0x00 })]
    [InlineData("CONNECT from a server", new byte[] { 0x10, 0x00 })]
    [InlineData("PUBREC (QoS 2 flow)", new byte[] { 0x50, 0x02, 0x00, 0x01 })]
    [InlineData("reserved type 0", new byte[] { 0x00, 0x00 })]
    [InlineData("reserved type 15", new byte[] { 0xF0, 0x00 })]
    public void Rejects_malformed_packets(string because, byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);

        var exception = Record.Exception(() => MqttPacketDecoder.TryDecode(ref buffer, MaxPacketSize, new TopicNameCache(), out _));
        Assert.True(exception is MqttProtocolException, $"{because}: expected a protocol error, got {exception?.GetType().Name ?? "a packet"}");
    }

    [Fact]
    public void Reuses_the_string_of_a_repeated_topic()
    {
        var topics = new TopicNameCache();
        var first = DecodeSingle([0x30, 0x05, 0x00, 0x03, (byte)'a', (byte)'/', (byte)'b'], topics);
        var second = DecodeSingle([0x30, 0x05, 0x00, 0x03, (byte)'a', (byte)'/', (byte)'b'], topics);

        Assert.Same(first.Message!.Topic, second.Message!.Topic);
    }

    private static IncomingPacket DecodeSingle(byte[] bytes, TopicNameCache? topics = null)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(MqttPacketDecoder.TryDecode(ref buffer, MaxPacketSize, topics ?? new TopicNameCache(), out var packet));
        Assert.True(buffer.IsEmpty);
        return packet;
    }
}
