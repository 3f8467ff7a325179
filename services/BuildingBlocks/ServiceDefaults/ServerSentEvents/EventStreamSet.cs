using System.Net.ServerSentEvents;

namespace Hiroba.ServiceDefaults.ServerSentEvents;

/// <summary>
/// The open streams that get the same events. Not thread-safe: its owner holds its own lock, so that sending the
/// current state to a new stream and adding it happen as one step.
/// </summary>
public sealed class EventStreamSet
{
    private readonly List<EventStream> _streams = [];

    public int Count => _streams.Count;

    public void Add(EventStream stream) => _streams.Add(stream);

    public void Remove(EventStream stream) => _streams.Remove(stream);

    /// <summary>Sends the event to every stream, dropping those that fell behind (they are closed and reconnect).</summary>
    public void Broadcast(SseItem<byte[]> item) => _streams.RemoveAll(stream => !stream.TrySend(item));

    /// <summary>Ends every stream after what was already sent.</summary>
    public void CloseAll()
    {
        _streams.ForEach(stream => stream.Close());
        _streams.Clear();
    }
}
