using Hiroba.Gateway.Proxy.MqttLimits;

namespace Hiroba.Gateway.Tests;

public sealed class WebSocketFrameBoundariesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Frame_ends_are_found_however_reads_cut_the_stream(int chunkBytes)
    {
        // Payloads with a 7-bit, a 16-bit and a 64-bit length, an empty one, and one masked as a client's would be.
        byte[][] frames = [Frame(125), Frame(0), Frame(300), Frame(70_000), Frame(5, masked: true), Frame(126)];
        var stream = frames.SelectMany(frame => frame).ToArray();
        var ends = new HashSet<int>();
        var end = 0;
        foreach (var frame in frames)
        {
            ends.Add(end += frame.Length);
        }
        var boundaries = new WebSocketFrameBoundaries();

        var followed = 0;
        foreach (var chunk in stream.Chunk(chunkBytes))
        {
            Assert.Equal(chunk.Length, boundaries.Advance(chunk, stopAtFrameEnd: false));
            followed += chunk.Length;
            Assert.Equal(ends.Contains(followed), boundaries.AtFrameStart);
        }
    }

    [Fact]
    public void It_can_stop_where_the_frame_under_way_ends()
    {
        var boundaries = new WebSocketFrameBoundaries();
        var first = Frame(200);
        var second = Frame(10);

        Assert.Equal(50, boundaries.Advance(first[..50], stopAtFrameEnd: false));
        Assert.False(boundaries.AtFrameStart);
        Assert.Equal(first.Length - 50, boundaries.Advance([.. first[50..], .. second], stopAtFrameEnd: true));
        Assert.True(boundaries.AtFrameStart);
        Assert.Equal(0, boundaries.Advance(second, stopAtFrameEnd: true));
    }

    /// <summary>A binary frame as RFC 6455 §5.2 lays it out.</summary>
    private static byte[] Frame(int payloadLength, bool masked = false)
    {
        byte[] length = payloadLength switch
        {
            < 126 => [(byte)payloadLength],
            <= ushort.MaxValue => [126, (byte)(payloadLength >> 8), (byte)payloadLength],
            _ => [127, 0, 0, 0, 0, (byte)(payloadLength >> 24), (byte)(payloadLength >> 16), (byte)(payloadLength >> 8), (byte)payloadLength],
        };
        if (masked)
        {
            length[0] |= 0x80;
        }
        byte[] maskKey = masked ? [1, 2, 3, 4] : [];
        return [0x82, .. length, .. maskKey, .. Enumerable.Repeat((byte)0x82, payloadLength)];
    }
}
