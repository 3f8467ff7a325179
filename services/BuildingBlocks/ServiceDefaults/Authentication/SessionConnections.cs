using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// The open long-lived connections (WebSockets, event streams) of signed-in sessions, by session id. The cookie is
/// checked when such a connection opens and never again, so a sign-out would leave it open: here the
/// <see cref="RevokedSessionsWatcher"/> ends them when their session is revoked. Every endpoint that keeps a connection
/// open on the cookie's word takes a <see cref="SessionConnection"/> (<see cref="ServerSentEvents.EventStream"/>
/// does so by itself).
/// </summary>
public sealed partial class SessionConnections(RevokedSessions revoked, ILogger<SessionConnections> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<SessionConnection>> _bySession = new(StringComparer.Ordinal);

    /// <summary>Tracks a connection opened with the request's cookie until it is disposed.</summary>
    /// <returns>Null when the request is not signed in.</returns>
    public SessionConnection? Open(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sessionId = context.User.Identity?.IsAuthenticated == true
            ? context.User.FindFirst(HirobaAuthentication.SessionIdClaim)?.Value
            : null;
        if (sessionId is null || !HirobaAuthentication.IsSessionId(sessionId))
        {
            return null;
        }
        var connection = new SessionConnection(this, sessionId);
        lock (_gate)
        {
            if (!_bySession.TryGetValue(sessionId, out var connections))
            {
                _bySession[sessionId] = connections = [];
            }
            connections.Add(connection);
        }
        // Signed out after the cookie was checked but before the connection was tracked: nothing else would end it.
        if (revoked.IsRevoked(sessionId))
        {
            End(sessionId);
        }
        return connection;
    }

    /// <summary>Ends the connections of <paramref name="sessionId"/> (a file name in the revoked folder) if it is revoked.</summary>
    internal void EndIfRevoked(string? sessionId)
    {
        if (sessionId is not null && HirobaAuthentication.IsSessionId(sessionId) && revoked.IsRevoked(sessionId))
        {
            End(sessionId);
        }
    }

    /// <summary>Ends the connections of every revoked session among those tracked.</summary>
    internal void EndAllRevoked()
    {
        string[] sessionIds;
        lock (_gate)
        {
            sessionIds = [.. _bySession.Keys];
        }
        foreach (var sessionId in sessionIds.Where(revoked.IsRevoked))
        {
            End(sessionId);
        }
    }

    internal void Remove(SessionConnection connection)
    {
        lock (_gate)
        {
            if (_bySession.TryGetValue(connection.SessionId, out var connections) && connections.Remove(connection) && connections.Count == 0)
            {
                _bySession.Remove(connection.SessionId);
            }
        }
    }

    private void End(string sessionId)
    {
        SessionConnection[] ending;
        lock (_gate)
        {
            ending = _bySession.TryGetValue(sessionId, out var connections) ? [.. connections] : [];
        }
        var ended = ending.Count(connection => connection.End());
        if (ended > 0)
        {
            LogEnding(logger, ended, sessionId[..8]);
        }
    }

    [LoggerMessage(LogLevel.Information, "Ending {Count} open connections of session {SessionIdStart}…: it signed out")]
    private static partial void LogEnding(ILogger logger, int count, string sessionIdStart);
}
