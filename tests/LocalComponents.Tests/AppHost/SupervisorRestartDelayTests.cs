using System.Collections.Concurrent;
using System.Diagnostics;
using Hiroba.AppHost;
using Hiroba.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Hiroba.LocalComponents.Tests.AppHost;

public sealed class SupervisorRestartDelayTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly ConcurrentQueue<string> _reports = new();
    private readonly SleepingProcess _component = new();

    [Fact]
    public async Task Restarts_wait_longer_after_each_quick_crash_and_the_first_delay_again_once_a_restart_stayed_up()
    {
        using var stopping = new CancellationTokenSource();
        var supervision = new Supervisor(_time, _reports.Enqueue).SuperviseAsync(_component, stopping.Token);

        Assert.Contains("(waited 1 s)", await CrashAndAwaitRestartAsync(), StringComparison.Ordinal);
        Assert.Contains("(waited 2 s)", await CrashAndAwaitRestartAsync(), StringComparison.Ordinal);
        Assert.Contains("(waited 4 s)", await CrashAndAwaitRestartAsync(), StringComparison.Ordinal);
        var stableFrom = _time.GetUtcNow();
        await Eventually.TrueAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                return _time.GetUtcNow() - stableFrom > Supervisor.StableUptime + TimeSpan.FromSeconds(10);
            },
            "the restarted component has been up for longer than the stable uptime");
        Assert.Contains("(waited 1 s)", await CrashAndAwaitRestartAsync(), StringComparison.Ordinal);

        await stopping.CancelAsync();
        await supervision.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Kills the component, then moves the fake clock on in small steps until the supervisor has restarted it.</summary>
    /// <returns>The supervisor's line that says how long it waited.</returns>
    private async Task<string> CrashAndAwaitRestartAsync()
    {
        var before = _reports.Count;
        using (var victim = Process.GetProcessById(_component.Current.Id))
        {
            victim.Kill();
        }
        await Eventually.TrueAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(100));
                return _reports.Skip(before).Any(report => report.Contains("is back", StringComparison.Ordinal));
            },
            $"{_component.Name} is back");
        return _reports.Skip(before).First(report => report.Contains("restarting it", StringComparison.Ordinal));
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await _component.Current.DisposeAsync();

    /// <summary>A process that does nothing until it is killed, started again on request.</summary>
    private sealed class SleepingProcess : ISupervisedProcess
    {
        public ChildProcess Current { get; private set; } = Sleep();

        public string Name => "sleeper";

        public async Task<int?> WaitForExitAsync(CancellationToken cancellationToken) => await Current.Exited.WaitAsync(cancellationToken);

        public async Task<int?> RestartAsync(CancellationToken cancellationToken)
        {
            await Current.DisposeAsync();
            Current = Sleep();
            return Current.Id;
        }

        private static ChildProcess Sleep() => ChildProcess.Start(new ChildProcessOptions("sleeper", "sleep", ["600"]));
    }
}
