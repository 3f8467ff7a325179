using System.Collections.Concurrent;
using System.Net.WebSockets;
using Hiroba.LocalComponents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Hiroba.TestSupport.Momo;

/// <summary>
/// A Momo in p2p mode (<c>momo p2p</c>, protocols.md §2.2) on a free 127.0.0.1 port, as released (2025.1.x):
/// <list type="bullet">
/// <item>HTTP on the port: the WebSocket at exactly <c>/ws</c>, 400 for a plain request to <c>/ws</c>, static files
/// elsewhere (none here: 404).</item>
/// <item>Every WebSocket is its own session with its own PeerConnection carrying the camera (a second client is served
/// too: Momo does not refuse it).</item>
/// <item><c>offer</c> → a new PeerConnection and <c>answer</c>; <c>candidate</c> (all of <c>ice.candidate</c>,
/// <c>ice.sdpMid</c>, <c>ice.sdpMLineIndex</c> read unchecked); <c>close</c>/<c>bye</c> drop the PeerConnection;
/// <c>register</c> → <c>{"type":"accept","isExistUser":true}</c> and a <c>ping</c> every 30 s from then on;
/// unknown types and invalid JSON are ignored.</item>
/// <item>A message Momo would throw on (no <c>type</c>, a mistyped member) is recorded in <see cref="Violations"/> and
/// takes the emulator down, as the exception would take Momo down.</item>
/// </list>
/// <see cref="StopAsync"/> is the process dying (connections cut, port closed); <see cref="StartAsync"/> brings it back on the same port.
/// </summary>
public sealed class MomoP2pEmulator : IAsyncDisposable
{
    /// <summary>Momo's watchdog period after <c>register</c> in p2p mode.</summary>
    public static readonly TimeSpan DefaultPingInterval = TimeSpan.FromSeconds(30);

    private readonly MomoMediaPage _media;
    private readonly ConcurrentQueue<string> _received = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentDictionary<MomoP2pSession, byte> _sessions = new();
    private WebApplication? _app;
    private int _sessionsOpened;
    private bool _running;

    private MomoP2pEmulator(MomoMediaPage media, int port, TimeSpan pingInterval)
    {
        _media = media;
        Port = port;
        PingInterval = pingInterval;
    }

    public int Port { get; }

    /// <summary>What a camera entry's URL is: <c>ws://127.0.0.1:port/ws</c>.</summary>
    public Uri Url => new($"ws://127.0.0.1:{Port}/ws");

    public TimeSpan PingInterval { get; }

    /// <summary>Every text message received on any session, in arrival order.</summary>
    public IReadOnlyList<string> ReceivedMessages => [.. _received];

    /// <summary>Messages real Momo would have crashed on; a correct client causes none.</summary>
    public IReadOnlyList<string> Violations => [.. _violations];

    public int OpenSessions => _sessions.Count;

    public int SessionsOpened => Volatile.Read(ref _sessionsOpened);

    /// <summary>Listening; false once a stop (or a crash) has closed the port.</summary>
    public bool IsRunning => Volatile.Read(ref _running);

    public MomoMediaPage Media => _media;

    /// <param name="pingInterval">Momo's is 30 s (<see cref="DefaultPingInterval"/>); shorter only to test keepalive handling.</param>
    public static async Task<MomoP2pEmulator> StartAsync(IBrowser browser, TimeSpan? pingInterval = null)
    {
        var emulator = new MomoP2pEmulator(await MomoMediaPage.OpenAsync(browser), FreePorts.Tcp(), pingInterval ?? DefaultPingInterval);
        await emulator.StartAsync();
        return emulator;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(async context =>
        {
            if (context.Request.Path != "/ws")
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            await RunSessionAsync(await context.WebSockets.AcceptWebSocketAsync(), context.RequestAborted);
        });
        await app.StartAsync();
        _app = app;
        Volatile.Write(ref _running, true);
    }

    /// <summary>As if the process died: every connection cut at once, the port closed.</summary>
    public async Task StopAsync()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is null)
        {
            return;
        }
        foreach (var session in _sessions.Keys)
        {
            session.Abort();
        }
        await app.StopAsync();
        await app.DisposeAsync();
        Volatile.Write(ref _running, false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _media.DisposeAsync();
    }

    internal void Record(string message) => _received.Enqueue(message);

    /// <summary>What Momo would have thrown on: recorded, then the emulator goes down like the process.</summary>
    internal void Crash(string violation)
    {
        _violations.Enqueue(violation);
        _ = StopAsync();
    }

    private async Task RunSessionAsync(WebSocket socket, CancellationToken aborted)
    {
        var session = new MomoP2pSession(this, socket, _media);
        _sessions[session] = 0;
        Interlocked.Increment(ref _sessionsOpened);
        try
        {
            await session.RunAsync(aborted);
        }
        finally
        {
            _sessions.TryRemove(session, out _);
        }
    }
}
