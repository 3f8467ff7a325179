using Hiroba.CameraBridge.Data.PostgreSql;
using Npgsql;

namespace Hiroba.CameraBridge.Leadership;

/// <summary>
/// The lease as an advisory lock of the shared database, held by a session of its own: it ends with that session, so
/// a replica that stops, is killed or loses its connection lets it go, and PostgreSQL gives it to the next one that asks.
/// </summary>
public sealed class PostgresLeaderLease(CamerasPostgresDatabase database) : ILeaderLease, IAsyncDisposable
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    private NpgsqlConnection? _session;

    public async Task<bool> TryTakeAsync(CancellationToken cancellationToken)
    {
        _session ??= await database.TryTakeAdvisoryLockAsync(CamerasPostgresDatabase.LeaderLockKey, cancellationToken);
        return _session is not null;
    }

    public async Task<bool> StillHeldAsync(CancellationToken cancellationToken)
    {
        if (_session is null)
        {
            return false;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await using var command = new NpgsqlCommand("SELECT 1;", _session);
            await command.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is { } session)
        {
            _session = null;
            await session.DisposeAsync();
        }
    }
}
