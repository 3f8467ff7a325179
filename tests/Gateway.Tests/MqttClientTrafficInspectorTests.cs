using System.Security.Cryptography;
using Hiroba.Gateway.Proxy.MqttLimits;

namespace Hiroba.Gateway.Tests;

public sealed class MqttClientTrafficInspectorTests
{
    private const int Limit = 64;
    private static readonly byte[] PingRequest = [0xC0, 0x00];

    [Fact]
    public void Packets_within_the_limit_pass_however_frames_and_reads_cut_them()
    {
        var inspector = new MqttClientTrafficInspector(Limit);
        byte[] packets = [.. Connect(), .. Publish(Limit - 3), .. PingRequest, .. Publish(10)];
        // One message in three frames that cut packets apart, the CONNECT's header among them, with a ping frame between.
        byte[] traffic =
        [
            .. Frame(0x02, packets[..5], final: false), .. Frame(0x09, [1, 2]),
            .. Frame(0x00, packets[5..40], final: false), .. Frame(0x00, packets[40..]),
        ];

        foreach (var read in traffic.Chunk(3))
        {
            Assert.Null(inspector.Inspect(read));
        }
    }

    [Fact]
    public void A_packet_above_the_limit_is_found_from_its_header_alone()
    {
        var inspector = new MqttClientTrafficInspector(Limit);
        var header = Publish(Limit + 1)[..2];

        Assert.Null(inspector.Inspect(Frame(0x02, Connect())));
        Assert.Equal($"an MQTT packet of {Limit + 1} bytes, above the limit of {Limit}", inspector.Inspect(Frame(0x02, header, payloadLength: 100_000)));
    }

    [Fact]
    public void A_header_split_over_frames_is_still_read()
    {
        var inspector = new MqttClientTrafficInspector(Limit);
        byte[] header = [0x30, 0xFF, 0xFF, 0xFF, 0x7F];

        Assert.Null(inspector.Inspect(Frame(0x02, [.. Connect(), .. header[..2]], final: false)));
        Assert.StartsWith("an MQTT packet of 268435460 bytes", inspector.Inspect(Frame(0x00, header[2..])));
    }

    [Fact]
    public void A_connect_read_one_byte_at_a_time_passes_and_only_the_first_packet_must_be_one()
    {
        var inspector = new MqttClientTrafficInspector(Limit);

        foreach (var read in Frame(0x02, [.. Connect(), .. PingRequest]).Chunk(1))
        {
            Assert.Null(inspector.Inspect(read));
        }
    }

    [Theory]
    [InlineData(0x00, "a CONNECT for a persistent session (clean session 0)")]
    [InlineData(0x02, null)]
    // A will, QoS 1, retained, with the clean session flag: the broker's rules and ACL judge the rest.
    [InlineData(0x2E, null)]
    public void The_connect_must_ask_for_a_clean_session(byte flags, string? violation)
    {
        Assert.Equal(violation, new MqttClientTrafficInspector(Limit).Inspect(Frame(0x02, Connect(flags: flags))));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(3)]
    public void A_connect_for_another_protocol_level_is_refused(byte level)
    {
        Assert.Equal("a CONNECT for a protocol other than MQTT 3.1.1", new MqttClientTrafficInspector(Limit).Inspect(Frame(0x02, Connect(level: level))));
    }

    [Fact]
    public void A_connect_for_mqtt_3_1_is_refused_by_its_protocol_name()
    {
        byte[] connect = [0x10, 14, 0x00, 0x06, .. "MQIsdp"u8, 3, 0x02, 0, 60, 0, 0];

        Assert.Equal("a CONNECT for a protocol other than MQTT 3.1.1", new MqttClientTrafficInspector(Limit).Inspect(Frame(0x02, connect)));
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0x00 })]
    [InlineData(new byte[] { 0x30, 0x03, 0x00, 0x01, (byte)'t' })]
    // A CONNECT with reserved flags set in its fixed header is malformed.
    [InlineData(new byte[] { 0x11, 0x00 })]
    public void A_first_packet_other_than_a_connect_is_refused_at_its_first_byte(byte[] packet)
    {
        Assert.Equal("a first MQTT packet that is not a CONNECT", new MqttClientTrafficInspector(Limit).Inspect(Frame(0x02, packet[..1], payloadLength: packet.Length)));
    }

    [Fact]
    public void A_connect_that_ends_before_its_flags_is_refused()
    {
        byte[] connect = [0x10, 5, 0x00, 0x04, .. "MQT"u8];

        Assert.Equal("a CONNECT too short to name its protocol", new MqttClientTrafficInspector(Limit).Inspect(Frame(0x02, connect)));
    }

    [Theory]
    [InlineData(new byte[] { 0x82, 0x02, 0x10, 0x00 }, "an unmasked WebSocket frame")]
    [InlineData(new byte[] { 0xC2, 0x80, 0, 0, 0, 0 }, "a WebSocket frame with reserved bits set")]
    [InlineData(new byte[] { 0x83, 0x80, 0, 0, 0, 0 }, "a WebSocket frame with the unknown opcode 3")]
    [InlineData(new byte[] { 0x89, 0xFE, 0x00, 0x7E }, "a WebSocket control frame above 125 bytes")]
    [InlineData(new byte[] { 0x82, 0x85, 0, 0, 0, 0, 0x10, 0x80, 0x80, 0x80, 0x80 }, "an MQTT packet with a malformed remaining length")]
    public void Traffic_that_breaks_the_rules_is_named(byte[] traffic, string violation)
    {
        Assert.Equal(violation, new MqttClientTrafficInspector(Limit).Inspect(traffic));
    }

    /// <summary>An MQTT CONNECT as mqtt.js sends it by default (3.1.1, clean session), with a short client id.</summary>
    private static byte[] Connect(byte level = 4, byte flags = 0x02) =>
        [0x10, 16, 0x00, 0x04, .. "MQTT"u8, level, flags, 0, 60, 0x00, 0x04, .. "page"u8];

    /// <summary>A QoS 0 PUBLISH of <paramref name="size"/> bytes in all.</summary>
    private static byte[] Publish(int size) => [0x30, (byte)(size - 2), 0x00, 0x01, (byte)'t', .. new byte[size - 5]];

    /// <summary>A client frame (masked with a random key); the length may announce more payload than follows.</summary>
    private static byte[] Frame(byte firstByte, byte[] payload, bool final = true, int? payloadLength = null)
    {
        var length = payloadLength ?? payload.Length;
        byte[] lengthBytes = length switch
        {
            < 126 => [(byte)(0x80 | length)],
            <= ushort.MaxValue => [0x80 | 126, (byte)(length >> 8), (byte)length],
            _ => [0x80 | 127, 0, 0, 0, 0, (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length],
        };
        var mask = RandomNumberGenerator.GetBytes(4);
        var masked = payload.Select((value, i) => (byte)(value ^ mask[i % 4])).ToArray();
        return [(byte)(final ? firstByte | 0x80 : firstByte & 0x7F), .. lengthBytes, .. mask, .. masked];
    }
}
