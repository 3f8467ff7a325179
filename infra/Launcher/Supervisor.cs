using Hiroba.LocalComponents;

namespace Hiroba.Launcher;

/// <summary>Restarts a component that exits while the local run is up, with a capped backoff, and says so.</summary>
/// <param name="report">Receives one line per restart attempt and outcome.</param>
internal sealed class Supervisor(TimeProvider time, Action<string> report)
{
    public async Task SuperviseAsync(LocalComponent component, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(component);
        var backoff = new RestartBackoff();
        var startedAt = time.GetTimestamp();
        try
        {
            while (true)
            {
                var process = component.Process ?? throw new InvalidOperationException($"{component.Name} was never started.");
                var exitCode = await process.Exited.WaitAsync(stopping);
                var uptime = time.GetElapsedTime(startedAt);
                var delay = backoff.NextDelay(uptime);
                // A Ctrl+C in the terminal reaches the children too; waiting first lets the shutdown win that race.
                await Task.Delay(delay, time, stopping);
                report(
                    $"{component.Name} exited unexpectedly with code {exitCode} after {uptime.TotalSeconds:0.#} s; restarting it (waited {delay.TotalSeconds:0.#} s)");
                startedAt = time.GetTimestamp();
                try
                {
                    await component.StartAsync(stopping);
                    report($"{component.Name} is back (pid {component.Process!.Id})");
                }
                catch (ChildProcessException e)
                {
                    report($"{component.Name} failed to restart: {e.Message}");
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The local run is stopping; the launcher stops every component itself.
        }
    }
}
