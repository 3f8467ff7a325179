using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Hiroba.Signaling.Connections;

/// <summary>
/// One client's WebSocket: whole-message reads with a size limit, and a bounded send queue drained by its own
/// writer loop, so a sender never waits for a receiver. A receiver whose queue is full is too slow and is
/// dropped (aborted); it never holds up the room.
/// </summary>
public sealed class PeerSocket
{
    private const int FirstReadSize = 4096;

    /// <summary>How long a close frame may take to write (Ayame's writeWait).</summary>
    private static readonly TimeSpan CloseWriteTimeout = TimeSpan.FromSeconds(10);

    private readonly WebSocket _socket;
    private readonly Channel<Outgoing> _queue;
    private readonly long _maxQueuedBytes;
    private long _queuedBytes;
    private int _dropped;
    private int _closed;
    private long _closeSentAt;

    public PeerSocket(WebSocket socket, int maxQueuedMessages, long maxQueuedBytes)
    {
        _socket = socket;
        _maxQueuedBytes = maxQueuedBytes;
        // The writer loop is the only reader; senders are other peers' reader loops. Synchronous continuations let
        // the sender's thread run the idle writer and put the message on the wire at once (a socket send completes
        // synchronously while the kernel buffer has room) instead of waiting for a thread-pool hop; a send that
        // has to wait yields, and the sender carries on.
        _queue = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(maxQueuedMessages)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = true,
        });
    }

    /// <summary>Closing or aborted: nothing more is sent.</summary>
    public bool IsClosing => Volatile.Read(ref _closed) == 1;

    /// <summary>When this side sent its close frame (a timestamp), or 0.</summary>
    public long CloseSentAt => Volatile.Read(ref _closeSentAt);

    /// <summary>Set when the queue overflowed and the socket was aborted.</summary>
    public bool WasDroppedAsSlow => Volatile.Read(ref _dropped) == 1;

    /// <summary>Queues a text message. False when the peer is gone or too slow (it is then aborted).</summary>
    public bool TrySend(byte[] message)
    {
        if (Volatile.Read(ref _closed) == 1)
        {
            return false;
        }
        if (Interlocked.Add(ref _queuedBytes, message.Length) > _maxQueuedBytes || !_queue.Writer.TryWrite(new Outgoing(message, null, null)))
        {
            Interlocked.Add(ref _queuedBytes, -message.Length);
            DropAsSlow();
            return false;
        }
        return true;
    }

    /// <summary>Sends everything queued so far, then the close frame; later messages are discarded.</summary>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }
        if (_queue.Writer.TryWrite(new Outgoing(null, status, reason)))
        {
            _queue.Writer.TryComplete();
        }
        else if (_queue.Writer.TryComplete())
        {
            // The queue is full: this peer is not reading, so no clean close can reach it.
            _socket.Abort();
        }
    }

    /// <summary>Ends the connection at once, for example after a timeout.</summary>
    public void Abort()
    {
        Volatile.Write(ref _closed, 1);
        _queue.Writer.TryComplete();
        _socket.Abort();
    }

    /// <summary>Drains the queue onto the socket until it is closed; ends with a close handshake if none was sent.</summary>
    public async Task RunWriterAsync()
    {
        try
        {
            await foreach (var outgoing in _queue.Reader.ReadAllAsync())
            {
                if (outgoing.Payload is { } payload)
                {
                    Interlocked.Add(ref _queuedBytes, -payload.Length);
                    await _socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
                else
                {
                    await CloseOutputAsync(outgoing.CloseStatus!.Value, outgoing.CloseReason);
                    Volatile.Write(ref _closeSentAt, Math.Max(1, Stopwatch.GetTimestamp()));
                    return;
                }
            }
            await CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The peer went away; the reader loop sees the same and cleans up.
            Volatile.Write(ref _closed, 1);
            _socket.Abort();
        }
    }

    /// <summary>
    /// After this side closed, reads and discards until the client's close frame, so that the connection ends
    /// with a handshake instead of a reset that could destroy the error and close frames still in flight.
    /// The keep-alive sweeper aborts a client that never answers.
    /// </summary>
    public async Task DrainUntilClosedAsync()
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseSent))
        {
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(FirstReadSize);
        try
        {
            while ((await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Aborted, or the client went away: either way the connection is over.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads one whole message, at most <paramref name="maxBytes"/> long.</summary>
    public async ValueTask<ReceivedFrame> ReceiveAsync(int maxBytes, CancellationToken cancellationToken)
    {
        // Waiting with an empty buffer keeps an idle peer from holding a pooled buffer.
        var first = await _socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
        if (first.MessageType == WebSocketMessageType.Close)
        {
            return new ReceivedFrame(ReceiveOutcome.Closed, null, 0);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(FirstReadSize, maxBytes + 1));
        var length = 0;
        var endOfMessage = first.EndOfMessage;
        try
        {
            while (!endOfMessage)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, Math.Min(buffer.Length * 2, maxBytes + 1), length);
                }
                var received = await _socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return new ReceivedFrame(ReceiveOutcome.Closed, null, 0);
                }
                length += received.Count;
                if (length > maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return new ReceivedFrame(ReceiveOutcome.TooLarge, null, 0);
                }
                endOfMessage = received.EndOfMessage;
            }
            return new ReceivedFrame(ReceiveOutcome.Message, buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static byte[] Grow(byte[] buffer, int size, int length)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private void DropAsSlow()
    {
        if (Interlocked.Exchange(ref _dropped, 1) == 0)
        {
            Abort();
        }
    }

    private async Task CloseOutputAsync(WebSocketCloseStatus status, string? reason)
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(CloseWriteTimeout);
            await _socket.CloseOutputAsync(status, reason, timeout.Token);
        }
    }

    private readonly record struct Outgoing(byte[]? Payload, WebSocketCloseStatus? CloseStatus, string? CloseReason);
}
