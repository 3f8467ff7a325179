using System.Net.ServerSentEvents;
using Hiroba.ServiceDefaults.ServerSentEvents;

namespace Hiroba.Snapshots.Wall;

/// <summary>One wall event as a Server-Sent Event, its data encoded once however many hosts watch.</summary>
public sealed record WallEvent(long Sequence, SseItem<byte[]> Item)
{
    /// <param name="json">One line of JSON.</param>
    public static WallEvent Create(string id, long sequence, string type, byte[] json) =>
        new(sequence, EventStreamItems.Create(type, json, id));
}
