using System.Net.WebSockets;

namespace Hiroba.CameraBridge.Viewing;

/// <summary>
/// A WebSocket carrying JSON text messages: whole messages up to a size limit in, one message at a time out (two relays
/// may send on it at once). Closing sends a close frame only; the relay reading the socket sees the answer.
/// </summary>
public sealed class MessageSocket(WebSocket socket, int maxMessageBytes) : IDisposable
{
    private const int ChunkBytes = 16 * 1024;
    private readonly SemaphoreSlim _sending = new(1, 1);

    /// <returns>The message; null once the other side closed or the connection failed, or when a message was too large or not text.</returns>
    public async Task<byte[]?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var chunk = new byte[ChunkBytes];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(chunk, cancellationToken);
                switch (result.MessageType)
                {
                    case WebSocketMessageType.Close:
                        return null;
                    case WebSocketMessageType.Binary:
                        await CloseAsync(WebSocketCloseStatus.InvalidMessageType);
                        return null;
                    case WebSocketMessageType.Text when message.Length + result.Count > maxMessageBytes:
                        await CloseAsync(WebSocketCloseStatus.MessageTooBig);
                        return null;
                }
                message.Write(chunk, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return message.ToArray();
                }
            }
        }
        catch (WebSocketException)
        {
            return null;
        }
    }

    /// <returns>False when the socket is closed or the send failed.</returns>
    public async Task<bool> SendAsync(byte[] message, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            if (socket.State != WebSocketState.Open)
            {
                return false;
            }
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            return true;
        }
        catch (WebSocketException)
        {
            return false;
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Sends a close frame unless one was sent already (best effort; a dead connection is left to <see cref="Abort"/>).</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string? reason = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _sending.WaitAsync(timeout.Token);
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(status, reason, timeout.Token);
                }
            }
            finally
            {
                _sending.Release();
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    public void Abort() => socket.Abort();

    public void Dispose()
    {
        socket.Dispose();
        _sending.Dispose();
    }
}
