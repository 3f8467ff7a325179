using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// Ends the open connections of a session as soon as it is revoked (<see cref="SessionConnections"/>): a file system
/// watch on <c>revoked-sessions/</c> sees the gateway write the session's file, and a look at every tracked session
/// every few seconds catches what the watch cannot see (a network file system, a folder replaced under it, an
/// overflowing event queue).
/// </summary>
internal sealed partial class RevokedSessionsWatcher(
    RevokedSessions revoked, SessionConnections connections, TimeProvider time, ILogger<RevokedSessionsWatcher> logger) : BackgroundService
{
    /// <summary>How long a revocation the watch misses may leave a connection open; each look costs a file check per open session.</summary>
    private static readonly TimeSpan RescanInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watcher = Watch();
        using var timer = new PeriodicTimer(RescanInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                connections.EndAllRevoked();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private FileSystemWatcher? Watch()
    {
        try
        {
            var watcher = new FileSystemWatcher(revoked.EnsureFolder()) { NotifyFilter = NotifyFilters.FileName };
            watcher.Created += (_, file) => connections.EndIfRevoked(file.Name);
            watcher.Renamed += (_, file) => connections.EndIfRevoked(file.Name);
            watcher.Error += (_, error) =>
            {
                LogWatchFailed(logger, error.GetException());
                connections.EndAllRevoked();
            };
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            LogCannotWatch(logger, exception, RescanInterval);
            return null;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Cannot watch the folder of revoked sessions; a sign-out ends open connections within {Interval} instead")]
    private static partial void LogCannotWatch(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(LogLevel.Warning, "The watch on the folder of revoked sessions failed; looking at every open session now")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);
}
