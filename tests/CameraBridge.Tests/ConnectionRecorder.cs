using System.Net;
using System.Net.Sockets;
using Hiroba.LocalComponents;

namespace Hiroba.CameraBridge.Tests;

/// <summary>
/// A TCP port on 127.0.0.1 that counts every connection made to it and closes it at once: "was anything dialed here?"
/// Stop and start again keep the port.
/// </summary>
public sealed class ConnectionRecorder : IAsyncDisposable
{
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;
    private int _connections;

    private ConnectionRecorder(int port) => Port = port;

    public int Port { get; }

    public int Connections => Volatile.Read(ref _connections);

    public static ConnectionRecorder Start()
    {
        var recorder = new ConnectionRecorder(FreePorts.Tcp());
        recorder.Resume();
        return recorder;
    }

    /// <summary>Listens again on the same port.</summary>
    public void Resume()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Start();
        _listener = listener;
        _accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var connection = await listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref _connections);
                }
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
            }
        });
    }

    /// <summary>Stops listening: connecting to the port is refused.</summary>
    public async Task PauseAsync()
    {
        _listener?.Stop();
        await _accepting;
    }

    public async ValueTask DisposeAsync() => await PauseAsync();
}
