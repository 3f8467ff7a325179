using System.Net.WebSockets;

namespace Hiroba.Gateway.LiveEvents;

/// <summary>
/// Sends one page's MQTT packets, one WebSocket message each, in order. While the page's socket keeps up, a packet is
/// sent on the caller's thread (the broker subscription's, for events): the fan-out to every page then costs no thread
/// hop. Behind a send still in progress, packets wait in a bounded queue; a close goes out after what is queued.
/// </summary>
internal sealed class PageSender(WebSocket socket, int maxQueued)
{
    private readonly Lock _lock = new();
    private readonly Queue<ReadOnlyMemory<byte>> _queue = new();
    private (WebSocketCloseStatus Status, string Reason)? _close;
    private bool _sending;
    private bool _closeSent;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the close frame is out, or sending failed: nothing more will be sent.</summary>
    public Task Finished => _finished.Task;

    /// <summary>Sends the packet, or queues it behind the send in progress.</summary>
    /// <returns>False when the page is closing or its queue is full.</returns>
    public bool TrySend(ReadOnlyMemory<byte> packet)
    {
        lock (_lock)
        {
            if (_close is not null)
            {
                return false;
            }
            if (_sending)
            {
                if (_queue.Count >= maxQueued)
                {
                    return false;
                }
                _queue.Enqueue(packet);
                return true;
            }
            _sending = true;
        }
        _ = SendFromAsync(packet);
        return true;
    }

    /// <summary>Sends a close frame after the queued packets; nothing is sent after it. Only the first close counts.</summary>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        lock (_lock)
        {
            if (_close is not null)
            {
                return;
            }
            _close = (status, reason);
            if (_sending)
            {
                return;
            }
            _sending = true;
        }
        _ = SendFromAsync(null);
    }

    private async Task SendFromAsync(ReadOnlyMemory<byte>? first)
    {
        try
        {
            var next = first;
            while (true)
            {
                if (next is { } packet)
                {
                    await socket.SendAsync(packet, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
                }
                var (packetAfter, closeNow) = Next();
                if (closeNow is { } close)
                {
                    await socket.CloseOutputAsync(close.Status, close.Reason, CancellationToken.None);
                    _finished.TrySetResult();
                    return;
                }
                if (packetAfter is null)
                {
                    return;
                }
                next = packetAfter;
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The page is gone; its session ends with its socket.
            lock (_lock)
            {
                _close ??= (WebSocketCloseStatus.EndpointUnavailable, "");
                _queue.Clear();
            }
            socket.Abort();
            _finished.TrySetResult();
        }
    }

    /// <summary>
    /// What the send in progress does next: the next queued packet, else the close frame if one is due (sent once), else
    /// nothing, and then it ends.
    /// </summary>
    private (ReadOnlyMemory<byte>? Packet, (WebSocketCloseStatus Status, string Reason)? Close) Next()
    {
        lock (_lock)
        {
            if (_queue.TryDequeue(out var packet))
            {
                return (packet, null);
            }
            if (_close is { } close && !_closeSent)
            {
                _closeSent = true;
                return (null, close);
            }
            // A close sent, or due later: the sending state stays on, so nothing more goes out or starts.
            _sending = _close is not null;
            return (null, null);
        }
    }
}
