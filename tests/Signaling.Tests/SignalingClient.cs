using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Hiroba.Signaling.Tests;

/// <summary>A raw WebSocket client for either signaling endpoint; keeps what arrives, and how the socket closed.</summary>
public sealed class SignalingClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);

    private readonly ClientWebSocket _socket = new();
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiving = Task.CompletedTask;

    /// <param name="forwardedFor">An <c>X-Forwarded-For</c> to send, as the gateway does (to a service that trusts the sender).</param>
    public static async Task<SignalingClient> ConnectAsync(Uri uri, string? forwardedFor = null)
    {
        var client = new SignalingClient();
        // Keep-alive pings would count as traffic; the tests decide what the client sends.
        client._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        if (forwardedFor is not null)
        {
            client._socket.Options.SetRequestHeader("X-Forwarded-For", forwardedFor);
        }
        await client._socket.ConnectAsync(uri, CancellationToken.None);
        client._receiving = client.ReceiveLoopAsync();
        return client;
    }

    /// <summary>Completes with the close status once the server closed (null when the connection just dropped).</summary>
    public Task<WebSocketCloseStatus?> Closed => _closed.Task;

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next message, whatever it is.</summary>
    public async Task<string> ReceiveTextAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? DefaultWait);
        try
        {
            return await _received.Reader.ReadAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No message arrived.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"The connection closed ({await Closed}) before a message arrived.");
        }
    }

    /// <summary>The next message other than a ping.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var message = JsonDocument.Parse(await ReceiveTextAsync(timeout)).RootElement;
            if (message.GetProperty("type").GetString() != "ping")
            {
                return message;
            }
        }
    }

    /// <summary>The next message of the type (others are skipped).</summary>
    public async Task<JsonElement> ReceiveAsync(string type, TimeSpan? timeout = null)
    {
        while (true)
        {
            var message = await ReceiveAsync(timeout);
            if (message.GetProperty("type").GetString() == type)
            {
                return message;
            }
        }
    }

    /// <summary>Waits for the server to close (or drop) the connection.</summary>
    public Task<WebSocketCloseStatus?> WaitClosedAsync(TimeSpan? timeout = null) => Closed.WaitAsync(timeout ?? DefaultWait);

    /// <summary>What arrived so far and was not read (pings included).</summary>
    public IReadOnlyList<string> Drain()
    {
        var messages = new List<string>();
        while (_received.Reader.TryRead(out var message))
        {
            messages.Add(message);
        }
        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
            }
        }
        _socket.Abort();
        await _receiving;
        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        _closed.TrySetResult(result.CloseStatus);
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        return;
                    }
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                _received.Writer.TryWrite(Encoding.UTF8.GetString(message.ToArray()));
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _closed.TrySetResult(null);
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }
}
