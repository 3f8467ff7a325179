using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace Hiroba.Signaling.Replicas;

/// <summary>
/// On a room's home replica, the WebSocket of a client that another replica (the guest) holds: what the client sends
/// arrives as relay steps, and what is sent to it leaves as relay steps, so the room runs the same peer code for it as
/// for its own clients. Text messages only, as both protocols use. A message too large to relay fails its send, which
/// ends the connection as a broken socket would.
/// </summary>
public sealed class RelayedWebSocket(Func<string, bool> sendToClient, Func<WebSocketCloseStatus, bool> closeClient) : WebSocket
{
    private readonly Channel<byte[]?> _fromClient = Channel.CreateUnbounded<byte[]?>(new UnboundedChannelOptions { SingleReader = true });
    private byte[]? _partial;
    private int _partialOffset;
    private WebSocketState _state = WebSocketState.Open;
    private WebSocketCloseStatus? _closeStatus;

    public override WebSocketCloseStatus? CloseStatus => _closeStatus;

    public override string? CloseStatusDescription => null;

    public override WebSocketState State => _state;

    public override string? SubProtocol => null;

    /// <summary>A message the client sent, as the guest relayed it.</summary>
    public void Received(string text) => _fromClient.Writer.TryWrite(Encoding.UTF8.GetBytes(text));

    /// <summary>The client went away (or its guest replica did): reading ends as at a close frame.</summary>
    public void ClientGone() => _fromClient.Writer.TryComplete();

    public override void Abort()
    {
        if (_state is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            _state = WebSocketState.Aborted;
            closeClient(WebSocketCloseStatus.EndpointUnavailable);
        }
        _fromClient.Writer.TryComplete();
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        if (_state == WebSocketState.Open)
        {
            _closeStatus = closeStatus;
            _state = WebSocketState.CloseSent;
            closeClient(closeStatus);
        }
        // The guest ends the client's connection itself; nothing more comes from it here.
        _fromClient.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public override void Dispose() => _fromClient.Writer.TryComplete();

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken);
        return result.MessageType == WebSocketMessageType.Close
            ? new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, _closeStatus ?? WebSocketCloseStatus.NormalClosure, null)
            : new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage);
    }

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_partial is null)
        {
            if (!await _fromClient.Reader.WaitToReadAsync(cancellationToken) || !_fromClient.Reader.TryRead(out _partial) || _partial is null)
            {
                _state = _state == WebSocketState.Open ? WebSocketState.CloseReceived : WebSocketState.Closed;
                return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, true);
            }
            _partialOffset = 0;
        }
        // An empty buffer only waits for a message to arrive, as on a real socket (PeerSocket reads so first).
        var count = Math.Min(buffer.Length, _partial.Length - _partialOffset);
        _partial.AsMemory(_partialOffset, count).CopyTo(buffer);
        _partialOffset += count;
        if (_partialOffset == _partial.Length && (buffer.Length > 0 || _partial.Length == 0))
        {
            _partial = null;
            return new ValueWebSocketReceiveResult(count, WebSocketMessageType.Text, endOfMessage: true);
        }
        return new ValueWebSocketReceiveResult(count, WebSocketMessageType.Text, endOfMessage: false);
    }

    // PeerSocket sends each message whole.
    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        sendToClient(Encoding.UTF8.GetString(buffer.Span))
            ? ValueTask.CompletedTask
            : ValueTask.FromException(new WebSocketException(WebSocketError.Faulted, "The message is too large to relay to the client's replica."));
}
