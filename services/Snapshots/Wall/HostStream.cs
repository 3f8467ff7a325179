using System.Threading.Channels;

namespace Hiroba.Snapshots.Wall;

/// <summary>
/// One open host stream's queue of frames. A host that reads too slowly is cut off rather than slowing the room: its
/// browser reconnects with <c>Last-Event-ID</c> and resumes from the room's event log, or gets the whole wall.
/// </summary>
public sealed class HostStream
{
    private const int QueueCapacity = 1024;

    private readonly Channel<ReadOnlyMemory<byte>> _frames = Channel.CreateBounded<ReadOnlyMemory<byte>>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<ReadOnlyMemory<byte>> Frames => _frames.Reader;

    /// <returns>False when the stream was closed because the host fell behind (or had closed already).</returns>
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
