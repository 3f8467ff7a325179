using System.Threading.Channels;

namespace Hiroba.ServiceDefaults.ServerSentEvents;

/// <summary>
/// One open Server-Sent Events stream's queue of frames. A client that reads too slowly is cut off rather than
/// slowing the others: its browser reconnects (EventSource does by itself) and starts again from the current state.
/// </summary>
public sealed class EventStream
{
    private const int QueueCapacity = 1024;

    private readonly Channel<ReadOnlyMemory<byte>> _frames = Channel.CreateBounded<ReadOnlyMemory<byte>>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<ReadOnlyMemory<byte>> Frames => _frames.Reader;

    /// <returns>False when the stream was closed because the client fell behind (or had closed already).</returns>
    public bool TrySend(ReadOnlyMemory<byte> frame)
    {
        if (_frames.Writer.TryWrite(frame))
        {
            return true;
        }
        Close();
        return false;
    }

    public void Close() => _frames.Writer.TryComplete();
}
