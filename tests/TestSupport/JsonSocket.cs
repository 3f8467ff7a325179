using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Hiroba.TestSupport;

/// <summary>
/// A raw WebSocket speaking JSON text messages: a client (optionally with a signed-in user's cookie), or the server
/// side of a scripted server.
/// </summary>
public sealed class JsonSocket : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);
    private readonly WebSocket _socket;
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private JsonSocket(WebSocket socket) => _socket = socket;

    /// <summary>Completes when the test is done with the socket (a server handler waits for it).</summary>
    public Task Disposed => _disposed.Task;

    public static JsonSocket Wrap(WebSocket socket) => new(socket);

    public static async Task<JsonSocket> ConnectAsync(Uri uri, CookieContainer? cookies = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var socket = NewSocket(cookies, headers);
        await socket.ConnectAsync(uri, CancellationToken.None);
        return new JsonSocket(socket);
    }

    /// <summary>The HTTP status of a WebSocket request that is refused (the upgrade never happens).</summary>
    public static async Task<HttpStatusCode> RefusalStatusAsync(
        Uri uri, CookieContainer? cookies = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var socket = NewSocket(cookies, headers);
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));
        return socket.HttpStatusCode;
    }

    /// <summary>Signs in at the gateway and returns the cookies, for WebSockets (an HttpClient keeps its own).</summary>
    public static async Task<CookieContainer> SignInAsync(Uri gateway, string password)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = gateway };
        (await client.PostAsJsonAsync("/api/auth/sign-in", new { password })).EnsureSuccessStatusCode();
        return cookies;
    }

    public Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next message; null when the other side closed the socket instead.</summary>
    public async Task<JsonElement?> ReceiveAsync(TimeSpan? timeout = null) =>
        await ReceiveTextAsync(timeout) is { } text ? JsonDocument.Parse(text).RootElement.Clone() : null;

    /// <summary>The next message exactly as it arrived; null when the other side closed the socket instead.</summary>
    public async Task<string?> ReceiveTextAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? DefaultWait);
        var text = await WebSocketText.ReceiveAsync(_socket, cancellation.Token);
        if (text is null && _socket.State == WebSocketState.CloseReceived)
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        return text;
    }

    /// <summary>Closes from this side (the close frame only).</summary>
    public Task CloseAsync() => _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

    /// <summary>Reads until the other side closes; returns the close status.</summary>
    public async Task<WebSocketCloseStatus?> ReceiveCloseAsync()
    {
        while (await ReceiveAsync() is not null)
        {
        }
        return _socket.CloseStatus;
    }

    /// <summary>The reason the other side gave with its close, once it closed.</summary>
    public string? CloseDescription => _socket.CloseStatusDescription;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }
        _socket.Dispose();
        _disposed.TrySetResult();
    }

    private static ClientWebSocket NewSocket(CookieContainer? cookies, IReadOnlyDictionary<string, string>? headers)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            socket.Options.SetRequestHeader(name, value);
        }
        return socket;
    }
}
