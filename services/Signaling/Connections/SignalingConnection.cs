using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;

namespace Hiroba.Signaling.Connections;

/// <summary>
/// The life of one client connection, whatever its protocol: run the writer, register the timers, read until
/// the client goes, then leave the room and close. Subclasses read messages and keep their own timers.
/// </summary>
/// <param name="clientAddress">Where the client is, as the gateway forwarded it: what the per-address limits count.</param>
public abstract partial class SignalingConnection(
    PeerSocket socket, IPAddress clientAddress, KeepAliveSweeper sweeper, TimeProvider timeProvider, ILogger logger) : IKeepAlive
{
    /// <summary>After our close frame, the client has this long to answer before the connection is cut.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(10);

    private readonly long _connectedAt = timeProvider.GetTimestamp();

    protected PeerSocket Socket => socket;

    protected TimeProvider TimeProvider => timeProvider;

    protected IPAddress ClientAddress => clientAddress;

    /// <summary>Cancelled when the server goes down: a join waiting for the room directory stops waiting.</summary>
    protected CancellationToken Stopping { get; private set; }

    /// <summary>When the server goes down it closes every connection with 1001 (going away).</summary>
    /// <param name="first">A message read already (to learn the room it joins), handled before anything else; disposed here.</param>
    public async Task RunAsync(CancellationToken stopping, ReceivedFrame? first = null)
    {
        Stopping = stopping;
        var writer = socket.RunWriterAsync();
        sweeper.Add(this);
        using var shutdown = stopping.Register(() => socket.Close(WebSocketCloseStatus.EndpointUnavailable, "server shutting down"));
        try
        {
            if (await HandleFirstAsync(first))
            {
                await ReadLoopAsync();
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client vanished, or was aborted for silence or slowness; nothing more to read.
        }
        finally
        {
            if (socket.WasDroppedAsSlow)
            {
                LogDroppedAsSlow(logger, Describe());
            }
            OnDisconnected();
            socket.Close(WebSocketCloseStatus.NormalClosure, "");
            await writer;
            await socket.DrainUntilClosedAsync();
            sweeper.Remove(this);
        }
    }

    public void Tick(long now)
    {
        var closeSentAt = socket.CloseSentAt;
        if (closeSentAt != 0)
        {
            if (Stopwatch.GetElapsedTime(closeSentAt) > CloseGrace)
            {
                socket.Abort();
            }
            return;
        }
        if (!socket.IsClosing)
        {
            OnTick(now);
        }
    }

    /// <summary>Pings and silence checks; <paramref name="now"/> is a <see cref="TimeProvider"/> timestamp.</summary>
    protected abstract void OnTick(long now);

    /// <summary>The largest message this protocol reads; a larger one ends the connection.</summary>
    protected abstract int MaxMessageBytes { get; }

    /// <summary>
    /// Handles one whole message; completes with false when the connection must end. It completes at once except for
    /// a join that waits for the room directory, during which nothing more is read from this client.
    /// </summary>
    protected abstract ValueTask<bool> OnMessage(ReadOnlySpan<byte> payload);

    /// <summary>Refuses a message over <see cref="MaxMessageBytes"/>, just before the connection ends.</summary>
    protected abstract void OnTooLarge();

    private async Task ReadLoopAsync()
    {
        while (true)
        {
            using var frame = await socket.ReceiveAsync(MaxMessageBytes, CancellationToken.None);
            if (!await HandleAsync(frame))
            {
                return;
            }
        }
    }

    /// <returns>False when the connection must end.</returns>
    private async ValueTask<bool> HandleFirstAsync(ReceivedFrame? first)
    {
        if (first is not { } frame)
        {
            return true;
        }
        using (frame)
        {
            return await HandleAsync(frame);
        }
    }

    /// <returns>False when the connection must end.</returns>
    private ValueTask<bool> HandleAsync(ReceivedFrame frame)
    {
        switch (frame.Outcome)
        {
            case ReceiveOutcome.Closed:
                return ValueTask.FromResult(false);
            case ReceiveOutcome.TooLarge:
                OnTooLarge();
                return ValueTask.FromResult(false);
            default:
                return OnMessage(frame.Payload);
        }
    }

    /// <summary>Leaves the room (telling the others) after the read loop ended for whatever reason.</summary>
    protected abstract void OnDisconnected();

    /// <summary>Who this is, for the log: the peer and its room.</summary>
    protected abstract string Describe();

    protected TimeSpan Since(long timestamp, long now) => timeProvider.GetElapsedTime(timestamp, now);

    protected long ConnectedAt => _connectedAt;

    [LoggerMessage(LogLevel.Warning, "{Connection} dropped: its send queue overflowed (it reads too slowly)")]
    private static partial void LogDroppedAsSlow(ILogger logger, string connection);
}
