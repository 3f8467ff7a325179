using System.Buffers;
using System.Text;
using Hiroba.Mqtt.Protocol;

namespace Hiroba.Mqtt.Tests.Protocol;

public class MqttPacketEncoderTests
{
    [Fact]
    public void Encodes_connect_with_credentials_and_keepalive()
    {
        var options = new MqttClientOptions
        {
            Host = "localhost",
            ClientId = "c1",
            Username = "u",
            Password = "p",
            KeepAlive = TimeSpan.FromSeconds(60),
        };
        var output = new ArrayBufferWriter<byte>();

        MqttPacketEncoder.WriteConnect(output, options);

        byte[] expected =
        [
            0x10, 0x14,
            0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04,
            0xC2, // user name, password, clean session
            0x00, 0x3C,
            0x00, 0x02, (byte)'c', (byte)'1',
            0x00, 0x01, (byte)'u',
            0x00, 0x01, (byte)'p',
        ];
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Encodes_a_qos1_publish_with_dup_and_retain()
    {
        var packet = OutgoingPacket.Publish("a/b", "hi"u8.ToArray(), MqttQos.AtLeastOnce, retain: true, packetId: 0x0102) with { Dup = true };

        var bytes = Encode(packet);

        Assert.Equal([0x3B, 0x09, 0x00, 0x03, (byte)'a', (byte)'/', (byte)'b', 0x01, 0x02, (byte)'h', (byte)'i'], bytes);
        Assert.Equal(bytes.Length, MqttPacketEncoder.SizeOf(packet));
    }

    [Fact]
    public void Encodes_subscribe_and_unsubscribe_with_their_reserved_flags()
    {
        Assert.Equal([0x82, 0x06, 0x00, 0x05, 0x00, 0x01, (byte)'#', 0x01], Encode(OutgoingPacket.Subscribe(5, "#", MqttQos.AtLeastOnce)));
        Assert.Equal([0xA2, 0x05, 0x00, 0x05, 0x00, 0x01, (byte)'#'], Encode(OutgoingPacket.Unsubscribe(5, "#")));
    }

    [Fact]
    public void Encodes_the_packets_without_a_body()
    {
        Assert.Equal([0x40, 0x02, 0xFF, 0xFE], Encode(OutgoingPacket.PubAck(0xFFFE)));
        Assert.Equal([0xC0, 0x00], Encode(OutgoingPacket.PingReq));
        Assert.Equal([0xE0, 0x00], Encode(OutgoingPacket.Disconnect));
    }

    [Fact]
    public void A_large_publish_round_trips_through_the_decoder()
    {
        var payload = new byte[20_000];
        new Random(7).NextBytes(payload);
        var bytes = Encode(OutgoingPacket.Publish("größe/ü", payload, MqttQos.AtLeastOnce, retain: false, packetId: 9));

        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(MqttPacketDecoder.TryDecode(ref buffer, 64 * 1024, new TopicNameCache(), out var decoded));

        Assert.Equal("größe/ü", decoded.Message!.Topic);
        Assert.Equal(9, decoded.PacketId);
        Assert.Equal(payload, decoded.Message.Payload.ToArray());
        Assert.Equal(3, bytes[1..].TakeWhile(b => b >= 0x80).Count() + 1);
        Assert.Equal(Encoding.UTF8.GetByteCount("größe/ü"), bytes[5]);
    }

    private static byte[] Encode(in OutgoingPacket packet)
    {
        var output = new ArrayBufferWriter<byte>();
        MqttPacketEncoder.Write(output, packet);
        return output.WrittenSpan.ToArray();
    }
}
