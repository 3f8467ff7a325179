using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Playwright;

namespace Hiroba.TestSupport.Momo;

/// <summary>
/// A Momo in Ayame mode (<c>momo ayame --signaling-url ... --room-id ... --signaling-key ... --direction sendonly
/// --no-google-stun</c>, protocols.md §2.4) as released, <c>ayame_client.cpp</c> step by step on one event loop:
/// <list type="bullet">
/// <item>connect (watchdog 30 s), then <c>register</c> with <c>clientId</c>, <c>roomId</c>, the version fields and
/// <c>key</c> (not <c>signalingKey</c>);</item>
/// <item><c>accept</c>: ICE servers from it, a PeerConnection, and an offer when <c>isExistUser</c> is true (or
/// missing); otherwise wait for the viewer's offer and answer it;</item>
/// <item><c>ping</c> → <c>pong</c> and the watchdog restarts; ICE connected → watchdog 60 s; watchdog expiry → full
/// reset and reconnect;</item>
/// <item><c>bye</c> or the server closing → drop the PeerConnection, close, and register again at once (a failed
/// connect retries after 0, 10, 20, 30, 30 … s).</item>
/// </list>
/// <see cref="StopAsync"/> is the process ending; <see cref="StartAsync"/> runs it again.
/// </summary>
public sealed class MomoAyameEmulator : IAsyncDisposable, MomoMediaPage.IMediaListener
{
    private const string ClientName = "WebRTC Native Client Momo 2025.1.3 (emulated)";

    private readonly MomoMediaPage _media;
    private readonly Uri _signalingUrl;
    private readonly string _roomId;
    private readonly string? _signalingKey;
    private readonly MomoAyameTimers _timers;
    private readonly MomoWatchdog _watchdog;
    private readonly ConcurrentQueue<string> _received = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private Channel<Func<Task>> _loop = Channel.CreateUnbounded<Func<Task>>();
    private Task _running = Task.CompletedTask;
    private ClientWebSocket? _socket;
    private string? _connection;
    private string _iceServersJson = "[]";
    private int _retryCount;
    private bool _hasIsExistUserFlag;
    private bool _isSendOffer;
    private int _registers;
    private int _pongs;

    private MomoAyameEmulator(MomoMediaPage media, Uri signalingUrl, string roomId, string? signalingKey, MomoAyameTimers timers)
    {
        (_media, _signalingUrl, _roomId, _signalingKey, _timers) = (media, signalingUrl, roomId, signalingKey, timers);
        _watchdog = new MomoWatchdog(() => Post(OnWatchdogExpiredAsync), TimeProvider.System);
    }

    /// <summary>Every text message received from the server, in order.</summary>
    public IReadOnlyList<string> ReceivedMessages => [.. _received];

    /// <summary>Messages real Momo would have thrown on; a correct server causes none.</summary>
    public IReadOnlyList<string> Violations => [.. _violations];

    /// <summary><c>register</c> messages sent so far (one per connection).</summary>
    public int Registers => Volatile.Read(ref _registers);

    public int Pongs => Volatile.Read(ref _pongs);

    /// <summary>The PeerConnections Momo holds now (each one a hardware encode on a real Momo).</summary>
    public Task<int> PeerConnectionCountAsync() => _media.ConnectionCountAsync();

    public static async Task<MomoAyameEmulator> StartAsync(
        IBrowser browser, Uri signalingUrl, string roomId, string? signalingKey, MomoAyameTimers? timers = null)
    {
        var emulator = new MomoAyameEmulator(await MomoMediaPage.OpenAsync(browser), signalingUrl, roomId, signalingKey, timers ?? MomoAyameTimers.Momo);
        await emulator.StartAsync();
        return emulator;
    }

    public Task StartAsync()
    {
        _loop = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
        _running = RunLoopAsync(_loop.Reader);
        Post(ConnectAsync);
        return Task.CompletedTask;
    }

    /// <summary>As if the process ended: the socket is cut (no close handshake), the PeerConnection and timers go.</summary>
    public async Task StopAsync()
    {
        _watchdog.Disable();
        _loop.Writer.TryComplete();
        await _running;
        _socket?.Abort();
        _socket?.Dispose();
        _socket = null;
        await DropConnectionAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _watchdog.Dispose();
        await _media.DisposeAsync();
    }

    void MomoMediaPage.IMediaListener.OnCandidate(string candidate, string sdpMid, int sdpMLineIndex) =>
        Post(() => SendAsync(MomoJson.Candidate(candidate, sdpMid, sdpMLineIndex)));

    void MomoMediaPage.IMediaListener.OnIceConnectionState(string state) => Post(() =>
    {
        if (state == "connected")
        {
            _retryCount = 0;
            _watchdog.Enable(_timers.ConnectedWatchdog);
        }
        return state == "failed" ? CloseAsync() : Task.CompletedTask;
    });

    private void Post(Func<Task> work) => _loop.Writer.TryWrite(work);

    private async Task RunLoopAsync(ChannelReader<Func<Task>> work)
    {
        await foreach (var step in work.ReadAllAsync())
        {
            try
            {
                await step();
            }
            catch (MomoProtocolViolationException violation)
            {
                _violations.Enqueue(violation.Message);
            }
        }
    }

    /// <summary><c>Reset</c>: drop the PeerConnection and the flags, and start from a new socket.</summary>
    private async Task ResetAsync()
    {
        await DropConnectionAsync();
        _isSendOffer = false;
        _hasIsExistUserFlag = false;
        _iceServersJson = "[]";
        _socket?.Abort();
        _socket?.Dispose();
        _socket = new ClientWebSocket();
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    private async Task ConnectAsync()
    {
        await ResetAsync();
        _watchdog.Enable(_timers.ConnectingWatchdog);
        var socket = _socket!;
        _ = Task.Run(async () =>
        {
            try
            {
                await socket.ConnectAsync(_signalingUrl, CancellationToken.None);
                Post(() => OnConnectedAsync(socket));
            }
            catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException)
            {
                Post(() => ReconnectAfterAsync(socket));
            }
        });
    }

    private Task ReconnectAfterAsync(ClientWebSocket socket)
    {
        if (socket == _socket)
        {
            var delay = _timers.RetryStep * _retryCount;
            _watchdog.Enable(delay < _timers.MaxRetryDelay ? delay : _timers.MaxRetryDelay);
            _retryCount++;
        }
        return Task.CompletedTask;
    }

    private Task OnWatchdogExpiredAsync() => ConnectAsync();

    private async Task OnConnectedAsync(ClientWebSocket socket)
    {
        if (socket != _socket)
        {
            return;
        }
        _ = Task.Run(() => ReadLoopAsync(socket));
        var register = new List<(string, JsonNode?)>
        {
            ("type", "register"),
            ("clientId", RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32)),
            ("roomId", _roomId),
            ("ayameClient", ClientName),
            ("libwebrtc", "Shiguredo-build M136 (emulated)"),
            ("environment", "[x86_64] Debian (emulated)"),
        };
        if (_signalingKey is not null)
        {
            register.Add(("key", _signalingKey));
        }
        Interlocked.Increment(ref _registers);
        await SendAsync(MomoJson.Write([.. register]));
    }

    private async Task ReadLoopAsync(ClientWebSocket socket)
    {
        try
        {
            while (await WebSocketText.ReceiveAsync(socket, CancellationToken.None) is { } text)
            {
                Post(() => socket == _socket ? OnReadAsync(text) : Task.CompletedTask);
            }
            // Beast has answered the close: Momo calls Close(), whose completion reconnects.
            Post(() => socket == _socket ? CloseAsync() : Task.CompletedTask);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Any other read error: Momo logs it and stops reading; the watchdog reconnects later.
        }
    }

    private async Task OnReadAsync(string text)
    {
        _received.Enqueue(text);
        var message = MomoJson.TryParse(text) ?? throw new MomoProtocolViolationException($"not JSON: {text}");
        switch (MomoJson.RequiredString(message, "type"))
        {
            case "accept":
                await OnAcceptAsync((JsonObject)message);
                break;
            case "offer":
                if (!_hasIsExistUserFlag)
                {
                    await CreateConnectionAsync();
                }
                var answer = await _media.AnswerAsync(_connection!, MomoJson.RequiredString(message, "sdp"));
                if (!_isSendOffer || !_hasIsExistUserFlag)
                {
                    await SendAsync(MomoJson.Description("answer", answer));
                }
                _isSendOffer = false;
                break;
            case "answer":
                await _media.AcceptAnswerAsync(_connection!, MomoJson.RequiredString(message, "sdp"));
                break;
            case "candidate":
                var (candidate, sdpMid, index) = MomoJson.RequiredCandidate(message);
                await _media.AddCandidateAsync(_connection!, candidate, sdpMid, index);
                break;
            case "ping":
                _watchdog.Reset();
                Interlocked.Increment(ref _pongs);
                await SendAsync(MomoJson.Write(("type", "pong")));
                break;
            case "bye":
                await DropConnectionAsync();
                await CloseAsync();
                break;
        }
    }

    private async Task OnAcceptAsync(JsonObject accept)
    {
        SetIceServers(accept);
        await CreateConnectionAsync();
        var isExistUser = false;
        if (accept["isExistUser"] is JsonValue flag)
        {
            _hasIsExistUserFlag = true;
            isExistUser = flag.GetValue<bool>();
        }
        if (isExistUser || !_hasIsExistUserFlag)
        {
            _isSendOffer = isExistUser;
            await SendAsync(MomoJson.Description("offer", await _media.OfferAsync(_connection!)));
        }
    }

    /// <summary>Momo keeps <c>accept.iceServers</c> (<c>urls</c> read as an array) for its PeerConnections.</summary>
    private void SetIceServers(JsonObject accept)
    {
        var iceServers = accept["iceServers"] is JsonArray servers ? servers : [];
        foreach (var server in iceServers)
        {
            if (server?["urls"] is not JsonArray)
            {
                throw new MomoProtocolViolationException($"iceServers[].urls is not an array: {server?.ToJsonString()}");
            }
        }
        _iceServersJson = iceServers.ToJsonString();
    }

    private async Task CreateConnectionAsync()
    {
        await DropConnectionAsync();
        _connection = await _media.CreateConnectionAsync(this, _iceServersJson, sendOnly: true);
    }

    /// <summary><c>Close</c>: the close handshake, then (<c>OnClose</c>) a reconnect with the retry count reset.</summary>
    private async Task CloseAsync()
    {
        var socket = _socket;
        if (socket is not null && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
            }
        }
        _retryCount = 0;
        await ReconnectAfterAsync(socket!);
    }

    private async Task DropConnectionAsync()
    {
        if (Interlocked.Exchange(ref _connection, null) is { } connection)
        {
            await _media.CloseConnectionAsync(connection);
        }
    }

    private async Task SendAsync(string text)
    {
        if (_socket is { State: WebSocketState.Open } socket)
        {
            try
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
        }
    }
}
