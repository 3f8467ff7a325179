using System.Buffers;
using Hiroba.Mqtt.Protocol;

namespace Hiroba.Mqtt.Tests.Protocol;

public class RemainingLengthTests
{
    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(127, new byte[] { 0x7F })]
    [InlineData(128, new byte[] { 0x80, 0x01 })]
    [InlineData(16_383, new byte[] { 0xFF, 0x7F })]
    [InlineData(16_384, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(2_097_151, new byte[] { 0xFF, 0xFF, 0x7F })]
    [InlineData(2_097_152, new byte[] { 0x80, 0x80, 0x80, 0x01 })]
    [InlineData(268_435_455, new byte[] { 0xFF, 0xFF, 0xFF, 0x7F })]
    public void Encodes_and_decodes_the_boundaries(int value, byte[] expected)
    {
        var encoded = new byte[4];
        var size = RemainingLength.Write(encoded, value);

        Assert.Equal(expected, encoded[..size]);
        Assert.Equal(expected.Length, RemainingLength.SizeOf(value));
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(expected));
        Assert.True(RemainingLength.TryRead(ref reader, out var decoded));
        Assert.Equal(value, decoded);
        Assert.Equal(expected.Length, reader.Consumed);
    }

    [Fact]
    public void Rejects_a_fifth_byte()
    {
        var exception = Assert.Throws<MqttProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>([0xFF, 0xFF, 0xFF, 0xFF, 0x7F]));
            RemainingLength.TryRead(ref reader, out _);
        });
        Assert.Contains("more than 4 bytes", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(268_435_456)]
    public void Refuses_to_encode_values_outside_the_range(int value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RemainingLength.Write(new byte[8], value));

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF })]
    public void Asks_for_more_bytes_while_the_continuation_bit_is_set(byte[] partial)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(partial));
        Assert.False(RemainingLength.TryRead(ref reader, out _));
    }
}
