using Hiroba.ServiceDefaults.ServerSentEvents;

namespace Hiroba.Snapshots.Wall;

/// <summary>One wall event, already framed for Server-Sent Events, so it is encoded once however many hosts watch.</summary>
public sealed record WallEvent(long Sequence, ReadOnlyMemory<byte> Frame)
{
    /// <param name="json">One line of JSON.</param>
    public static WallEvent Create(string id, long sequence, string type, ReadOnlySpan<byte> json) =>
        new(sequence, EventStreamFrames.Create(type, json, id));
}
