using Npgsql;

namespace Hiroba.Feed.Storage.PostgreSql;

/// <summary>
/// Which Feed replica relays the shared outbox: the one whose session holds an advisory lock. One relay publishes the
/// events in their order and once; the others try to take over at most once a second while they are woken, and within
/// the relay's idle poll otherwise. The lock ends with the holder's session, so a replica that stops or is killed
/// hands over at once.
/// </summary>
public sealed partial class OutboxRelayLease(FeedPostgresDatabase database, TimeProvider timeProvider, ILogger<OutboxRelayLease> logger)
    : IAsyncDisposable
{
    private static readonly TimeSpan AttemptInterval = TimeSpan.FromSeconds(1);

    private NpgsqlConnection? _session;
    private long _lastAttempt;

    /// <returns>The session that holds the lease, to read the outbox on; null while another replica holds it.</returns>
    public async Task<NpgsqlConnection?> TryHoldAsync(CancellationToken cancellationToken)
    {
        if (_session is not null)
        {
            return _session;
        }
        if (_lastAttempt != 0 && timeProvider.GetElapsedTime(_lastAttempt) < AttemptInterval)
        {
            return null;
        }
        _lastAttempt = timeProvider.GetTimestamp();
        if (await database.TryTakeAdvisoryLockAsync(FeedPostgresDatabase.OutboxRelayLockKey, cancellationToken) is not { } session)
        {
            return null;
        }
        LogAcquired(logger);
        return _session = session;
    }

    /// <summary>After an error on the lease's session: ends it (and with it the lock), so the lease is taken afresh.</summary>
    public async Task LetGoAsync()
    {
        if (_session is { } session)
        {
            _session = null;
            _lastAttempt = 0;
            LogLetGo(logger);
            await session.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await LetGoAsync();

    [LoggerMessage(LogLevel.Information, "This replica relays the feed's outbox now")]
    private static partial void LogAcquired(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "This replica stopped relaying the feed's outbox after an error on its session")]
    private static partial void LogLetGo(ILogger logger);
}
