using Hiroba.Resilience;

namespace Hiroba.AppHost;

/// <summary>Restarts a process that exits while the run is up, with a capped backoff, and says so.</summary>
/// <param name="report">Receives one line per restart attempt and outcome.</param>
internal sealed class Supervisor(TimeProvider time, Action<string> report)
{
    /// <summary>Restarts wait one second, twice as long after each further crash, at most 30 seconds.</summary>
    public static readonly ExponentialBackoff RestartBackoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>A restarted process that stays up this long is well again: its next crash waits the first delay.</summary>
    public static readonly TimeSpan StableUptime = TimeSpan.FromMinutes(1);

    public async Task SuperviseAsync(ISupervisedProcess process, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(process);
        var startedAt = time.GetTimestamp();
        var waited = TimeSpan.Zero;
        var restarts = RestartBackoff.RetryUntilStopped<Exit?>(time, outcome => outcome.Result is not null, retry =>
        {
            waited = retry.RetryDelay;
            return ValueTask.CompletedTask;
        });
        try
        {
            while (true)
            {
                // One execution lasts from a crash until a restart stays up for StableUptime, so the waits start again
                // from the first one after that.
                Exit? crash = null;
                await restarts.ExecuteAsync(async cancellationToken =>
                {
                    if (crash is { } previous)
                    {
                        report($"{process.Name} exited unexpectedly with code {previous.Code} after {previous.Uptime.TotalSeconds:0.#} s; restarting it (waited {waited.TotalSeconds:0.#} s)");
                        startedAt = time.GetTimestamp();
                        await RestartAsync(process, cancellationToken);
                    }
                    var watchFor = crash is null ? Timeout.InfiniteTimeSpan : StableUptime;
                    crash = await WaitForExitAsync(process, startedAt, watchFor, cancellationToken);
                    return crash;
                }, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The run is stopping; Aspire stops every process itself.
        }
    }

    private async Task RestartAsync(ISupervisedProcess process, CancellationToken cancellationToken)
    {
        try
        {
            var processId = await process.RestartAsync(cancellationToken);
            report($"{process.Name} is back (pid {processId})");
        }
        catch (RestartFailedException e)
        {
            report($"{process.Name} failed to restart: {e.Message}");
        }
    }

    /// <returns>How the process ended, or null when it was still up after <paramref name="watchFor"/>.</returns>
    private async Task<Exit?> WaitForExitAsync(ISupervisedProcess process, long startedAt, TimeSpan watchFor, CancellationToken cancellationToken)
    {
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var code = await process.WaitForExitAsync(watching.Token).WaitAsync(watchFor, time, cancellationToken);
            return new Exit(code, time.GetElapsedTime(startedAt));
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            await watching.CancelAsync();
        }
    }

    private sealed record Exit(int? Code, TimeSpan Uptime);
}

/// <summary>A process the <see cref="Supervisor"/> keeps running.</summary>
internal interface ISupervisedProcess
{
    string Name { get; }

    /// <summary>Completes with the exit code (when known) once the running process has ended.</summary>
    Task<int?> WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>Starts it again and waits until it runs.</summary>
    /// <returns>The new process's id, when known.</returns>
    /// <exception cref="RestartFailedException">It did not come back.</exception>
    Task<int?> RestartAsync(CancellationToken cancellationToken);
}

internal sealed class RestartFailedException(string message) : Exception(message);
