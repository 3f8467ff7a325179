using System.Threading.Channels;
using Hiroba.LocalComponents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Hiroba.TestSupport;

namespace Hiroba.CameraBridge.Tests;

/// <summary>A stand-in Ayame server driven by the test: every WebSocket on <c>/signaling</c> is handed to it as it arrives.</summary>
public sealed class ScriptedAyameServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<JsonSocket> _connections = Channel.CreateUnbounded<JsonSocket>();

    private ScriptedAyameServer(WebApplication app) => _app = app;

    public Uri Url { get; private init; } = null!;

    public static async Task<ScriptedAyameServer> StartAsync()
    {
        var port = FreePorts.Tcp();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedAyameServer(app) { Url = new Uri($"ws://127.0.0.1:{port}/signaling") };
        app.UseWebSockets();
        app.Map("/signaling", async context =>
        {
            var socket = JsonSocket.Wrap(await context.WebSockets.AcceptWebSocketAsync());
            server._connections.Writer.TryWrite(socket);
            // The request (and its socket) lives until the test is done with it.
            await socket.Disposed;
        });
        await app.StartAsync();
        return server;
    }

    /// <summary>The next client that connects.</summary>
    public async Task<JsonSocket> NextConnectionAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        return await _connections.Reader.ReadAsync(cancellation.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _connections.Writer.TryComplete();
        await foreach (var socket in _connections.Reader.ReadAllAsync())
        {
            await socket.DisposeAsync();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
