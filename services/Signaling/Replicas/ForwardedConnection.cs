using System.Net;
using System.Net.WebSockets;
using System.Text;
using Hiroba.Contracts.Signaling;
using Hiroba.Signaling.Connections;

namespace Hiroba.Signaling.Replicas;

/// <summary>
/// On the replica a client reached, its connection to a room that lives on another replica (the home): every message
/// goes to the home as a relay step, and what the home sends (messages, a close) comes back to the client. The home
/// runs the protocol, its timers (pings, silence) and limits; this side only carries messages and ends the connection,
/// closes it (1009) on a message too large to relay (<see cref="RelaySender.MaxStepBytes"/>), and asks the client to
/// connect again (1013) when the home does not answer its first message within <paramref name="openTimeout"/>.
/// </summary>
public sealed partial class ForwardedConnection(
    string id, Guid home, string endpoint, int maxMessageBytes, TimeSpan openTimeout, PeerSocket socket, IPAddress clientAddress,
    Func<RelayStep, string?, bool> toHome, KeepAliveSweeper sweeper, TimeProvider timeProvider, ILogger<ForwardedConnection> logger)
    : SignalingConnection(socket, clientAddress, sweeper, timeProvider, logger)
{
    private readonly long _openedAt = timeProvider.GetTimestamp();
    private volatile bool _answered;

    public string Id => id;

    /// <summary>The replica the room lives on.</summary>
    public Guid Home => home;

    public void Send(string text)
    {
        _answered = true;
        Socket.TrySend(Encoding.UTF8.GetBytes(text));
    }

    public void Close(WebSocketCloseStatus status) => Socket.Close(status, "");

    protected override int MaxMessageBytes => maxMessageBytes;

    protected override ValueTask<bool> OnMessage(ReadOnlySpan<byte> payload)
    {
        if (toHome(RelayStep.FromClient, Encoding.UTF8.GetString(payload)))
        {
            return ValueTask.FromResult(true);
        }
        OnTooLarge();
        return ValueTask.FromResult(false);
    }

    protected override void OnTooLarge()
    {
        LogTooLarge(logger, id, maxMessageBytes);
        Socket.Close(WebSocketCloseStatus.MessageTooBig, "");
    }

    protected override void OnDisconnected() => toHome(RelayStep.Gone, null);

    /// <summary>
    /// Pings and silence are the home's: its pings come through, and it closes a silent client from there. Until the
    /// home has answered, though, its first step may have been dropped on the way, and nothing else would end the wait.
    /// </summary>
    protected override void OnTick(long now)
    {
        if (!_answered && TimeProvider.GetElapsedTime(_openedAt, now) > openTimeout)
        {
            LogUnanswered(logger, id, home, openTimeout);
            Socket.Close(ReplicaCloseStatus.TryAgainLater, "no answer from the room's replica");
        }
    }

    protected override string Describe() => $"Connection {id} on {endpoint}, relayed to replica {home}";

    [LoggerMessage(LogLevel.Warning, "Relayed connection {ConnectionId}: replica {Home} did not answer its first message within {Timeout}; the client is asked to connect again")]
    private static partial void LogUnanswered(ILogger logger, string connectionId, Guid home, TimeSpan timeout);

    [LoggerMessage(LogLevel.Warning, "Relayed connection {ConnectionId} sent a message over its limit ({Limit} bytes) or too large to relay; closing")]
    private static partial void LogTooLarge(ILogger logger, string connectionId, int limit);
}
