using System.Buffers;

namespace Hiroba.Mqtt.Tests.Support;

/// <summary>Builds a <see cref="ReadOnlySequence{T}"/> out of several segments, as a socket read would deliver it.</summary>
internal static class SegmentedSequence
{
    public static ReadOnlySequence<byte> Create(params byte[][] chunks)
    {
        var nonEmpty = chunks.Where(c => c.Length > 0).ToArray();
        if (nonEmpty.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(nonEmpty[0], 0);
        var last = first;
        foreach (var chunk in nonEmpty.Skip(1))
        {
            last = last.Append(chunk);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits <paramref name="bytes"/> at random places into up to <paramref name="maxSegments"/> segments.</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, Random random, int maxSegments)
    {
        var cuts = Enumerable.Range(0, random.Next(maxSegments)).Select(_ => random.Next(bytes.Length + 1)).Order().ToArray();
        var chunks = new List<byte[]>();
        var start = 0;
        foreach (var cut in cuts)
        {
            chunks.Add(bytes[start..cut]);
            start = cut;
        }

        chunks.Add(bytes[start..]);
        return Create([.. chunks]);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
