using Hiroba.LocalComponents;
using Hiroba.Resilience;

namespace Hiroba.Launcher;

/// <summary>Restarts a component that exits while the local run is up, with a capped backoff, and says so.</summary>
/// <param name="report">Receives one line per restart attempt and outcome.</param>
internal sealed class Supervisor(TimeProvider time, Action<string> report)
{
    /// <summary>Restarts wait one second, twice as long after each further crash, at most 30 seconds.</summary>
    public static readonly ExponentialBackoff RestartBackoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>A restarted component that stays up this long is well again: its next crash waits the first delay.</summary>
    public static readonly TimeSpan StableUptime = TimeSpan.FromMinutes(1);

    public async Task SuperviseAsync(LocalComponent component, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(component);
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
                        // A Ctrl+C in the terminal reaches the children too; having waited first lets the shutdown win that race.
                        report($"{component.Name} exited unexpectedly with code {previous.Code} after {previous.Uptime.TotalSeconds:0.#} s; restarting it (waited {waited.TotalSeconds:0.#} s)");
                        startedAt = time.GetTimestamp();
                        await RestartAsync(component, cancellationToken);
                    }
                    var watchFor = crash is null ? Timeout.InfiniteTimeSpan : StableUptime;
                    crash = await WaitForExitAsync(component, startedAt, watchFor, cancellationToken);
                    return crash;
                }, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The local run is stopping; the launcher stops every component itself.
        }
    }

    private async Task RestartAsync(LocalComponent component, CancellationToken cancellationToken)
    {
        try
        {
            await component.StartAsync(cancellationToken);
            report($"{component.Name} is back (pid {component.Process!.Id})");
        }
        catch (ChildProcessException e)
        {
            report($"{component.Name} failed to restart: {e.Message}");
        }
    }

    /// <returns>How the process ended, or null when it was still up after <paramref name="watchFor"/>.</returns>
    private async Task<Exit?> WaitForExitAsync(LocalComponent component, long startedAt, TimeSpan watchFor, CancellationToken cancellationToken)
    {
        var process = component.Process ?? throw new InvalidOperationException($"{component.Name} was never started.");
        try
        {
            var code = await process.Exited.WaitAsync(watchFor, time, cancellationToken);
            return new Exit(code, time.GetElapsedTime(startedAt));
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private sealed record Exit(int Code, TimeSpan Uptime);
}
