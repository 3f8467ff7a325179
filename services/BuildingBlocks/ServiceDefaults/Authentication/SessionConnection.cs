using System.Net.WebSockets;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// One open long-lived connection (a WebSocket, an event stream) of a signed-in session, tracked by
/// <see cref="SessionConnections"/> until disposed. When the session signs out, <see cref="Ended"/> is cancelled: the
/// connection then tells its client why (<see cref="EndedMessage"/>) and closes.
/// </summary>
public sealed class SessionConnection : IDisposable
{
    /// <summary>The close status of a WebSocket whose session ended.</summary>
    public const WebSocketCloseStatus EndedCloseStatus = WebSocketCloseStatus.PolicyViolation;

    /// <summary>What the client is told (also a WebSocket's close reason, so at most 123 bytes).</summary>
    public const string EndedMessage = "Signed out: this session has ended. Sign in again to go on.";

    private readonly SessionConnections _owner;
    private readonly CancellationTokenSource _ended = new();
    private readonly Lock _gate = new();
    private bool _ending;
    private bool _disposed;

    internal SessionConnection(SessionConnections owner, string sessionId)
    {
        _owner = owner;
        SessionId = sessionId;
    }

    /// <summary>Cancelled when the session signs out.</summary>
    public CancellationToken Ended => _ended.Token;

    internal string SessionId { get; }

    /// <returns>False when it had ended already (or was closed).</returns>
    internal bool End()
    {
        lock (_gate)
        {
            if (_disposed || _ending)
            {
                return false;
            }
            _ending = true;
            // The connection's callbacks run on the thread pool, not on the caller's (the revocation watcher's).
            _ = _ended.CancelAsync();
            return true;
        }
    }

    public void Dispose()
    {
        _owner.Remove(this);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
        }
        _ended.Dispose();
    }
}
