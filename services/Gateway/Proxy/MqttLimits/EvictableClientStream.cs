using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Hiroba.Gateway.Proxy.MqttLimits;

/// <summary>
/// The upgraded stream of one <c>/mqtt</c> page that the gateway may end on its own when the page's place goes to a page
/// from another address (<see cref="MqttConnectionShares"/>), cleanly: from the eviction on, nothing more the browser
/// sends reaches the broker; the browser gets a WebSocket close frame (1013, try again later) once the frame from the
/// broker that it is receiving, if any, is whole; then the read fails, which ends the copy both ways and the connection
/// to the broker. A page that has stopped reading cannot keep that connection up with PINGREQs meanwhile: they no longer
/// pass, and YARP's activity timeout ends a copy that makes no progress. What the broker sends is followed through its
/// frame headers only (<see cref="WebSocketFrameBoundaries"/>); what the browser sends passes untouched until then.
/// </summary>
internal sealed class EvictableClientStream : WrappedUpgradedStream
{
    private const string Evicted = "The gateway closed this /mqtt connection to make room for a page from another address.";

    private static readonly byte[] CloseFrame = CreateCloseFrame(closeStatus: 1013, reason: "room made for another address");

    private readonly Stream _inner;
    private readonly Lock _writeState = new();
    private readonly WebSocketFrameBoundaries _frames = new();
    private readonly CancellationToken _evicted;
    private readonly CancellationTokenRegistration _eviction;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _linkedReads;
    private CancellationToken _linkedTo;
    private bool _writing;
    private bool _closeRequested;
    private bool _closeSent;

    public EvictableClientStream(Stream inner, CancellationToken evicted)
    {
        _inner = inner;
        _evicted = evicted;
        // Last: a page evicted before its upgrade is closed right here.
        _eviction = evicted.UnsafeRegister(static stream => ((EvictableClientStream)stream!).CloseForEviction(), this);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _inner.ReadAsync(buffer, ReadCancellation(cancellationToken));
        }
        catch (OperationCanceledException) when (_evicted.IsCancellationRequested)
        {
            // Ending the copy now would cut off the close frame, which may wait for the rest of a frame from the broker.
            await _closed.Task.WaitAsync(cancellationToken);
            throw new IOException(Evicted);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>
    /// Passes on what the broker sent. Once the page is evicted, only the rest of the frame under way, then the close
    /// frame; anything after it is dropped until the copy ends.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int length;
        lock (_writeState)
        {
            if (_closeSent)
            {
                return;
            }
            length = _frames.Advance(buffer.Span, stopAtFrameEnd: _closeRequested);
            _writing = true;
        }
        bool closeNow;
        try
        {
            await _inner.WriteAsync(buffer[..length], cancellationToken);
        }
        finally
        {
            lock (_writeState)
            {
                _writing = false;
                closeNow = TakeCloseTurn();
            }
        }
        if (closeNow)
        {
            await SendCloseAsync();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    // YARP copies asynchronously only.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush() => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _eviction.Dispose();
            _linkedReads?.Dispose();
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _eviction.DisposeAsync();
        _linkedReads?.Dispose();
        await _inner.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>The eviction: the close frame goes now, or after the write under way, or once the frame under way is whole.</summary>
    private void CloseForEviction()
    {
        bool closeNow;
        lock (_writeState)
        {
            _closeRequested = true;
            closeNow = !_writing && TakeCloseTurn();
        }
        if (closeNow)
        {
            _ = SendCloseAsync();
        }
    }

    /// <summary>Whether the close frame is due and the caller the one to send it (under <see cref="_writeState"/>).</summary>
    private bool TakeCloseTurn()
    {
        if (!_closeRequested || _closeSent || !_frames.AtFrameStart)
        {
            return false;
        }
        _closeSent = true;
        return true;
    }

    private async Task SendCloseAsync()
    {
        try
        {
            await _inner.WriteAsync(CloseFrame);
            await _inner.FlushAsync();
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The page left meanwhile; its connection ends all the same.
        }
        finally
        {
            _closed.TrySetResult();
        }
    }

    /// <summary>YARP's token (its activity timeout, the request's end) or the eviction, whichever comes first.</summary>
    private CancellationToken ReadCancellation(CancellationToken proxy)
    {
        if (!proxy.CanBeCanceled)
        {
            return _evicted;
        }
        // YARP passes the same token to every read of a connection, so one linked source serves them all.
        if (_linkedReads is null || _linkedTo != proxy)
        {
            _linkedReads?.Dispose();
            _linkedReads = CancellationTokenSource.CreateLinkedTokenSource(proxy, _evicted);
            _linkedTo = proxy;
        }
        return _linkedReads.Token;
    }

    /// <summary>An unmasked close frame as a server sends it (RFC 6455 §5.5.1): the status code, then a short UTF-8 reason.</summary>
    private static byte[] CreateCloseFrame(ushort closeStatus, string reason)
    {
        var reasonBytes = Encoding.UTF8.GetBytes(reason);
        var frame = new byte[4 + reasonBytes.Length];
        frame[0] = 0x88;
        frame[1] = (byte)(2 + reasonBytes.Length);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), closeStatus);
        reasonBytes.CopyTo(frame, 4);
        return frame;
    }
}
