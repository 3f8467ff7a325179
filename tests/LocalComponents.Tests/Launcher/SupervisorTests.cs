using System.Collections.Concurrent;
using System.Diagnostics;
using Hiroba.Launcher;
using Hiroba.TestSupport;
using Hiroba.Contracts;

namespace Hiroba.LocalComponents.Tests.Launcher;

public sealed class SupervisorTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new("supervisor");
    private readonly MosquittoServer _mosquitto;

    public SupervisorTests()
    {
        _mosquitto = new MosquittoServer(new MosquittoOptions(_directory.Path, "services", Secrets.Create(), PublicTopics.All));
    }

    [Fact]
    public async Task A_component_that_dies_is_restarted_on_the_same_ports_and_supervision_ends_on_stop()
    {
        await _mosquitto.StartAsync(CancellationToken.None);
        var firstPid = _mosquitto.Process!.Id;
        using var stopping = new CancellationTokenSource();
        var reports = new ConcurrentQueue<string>();
        var supervision = new Supervisor(TimeProvider.System, reports.Enqueue).SuperviseAsync(_mosquitto, stopping.Token);

        using (var victim = Process.GetProcessById(firstPid))
        {
            victim.Kill();
        }
        await WaitUntilAsync(() => reports.Any(report => report.Contains("is back", StringComparison.Ordinal)));
        await stopping.CancelAsync();
        await supervision.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(firstPid, _mosquitto.Process!.Id);
        Assert.False(_mosquitto.Process.HasExited, string.Join('\n', _mosquitto.RecentOutput));
        Assert.True(await ReadinessProbes.TcpAcceptsAsync(_mosquitto.WebSocketPort, CancellationToken.None));
        Assert.Contains(reports, report => report.Contains("mosquitto exited unexpectedly with code 137", StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _mosquitto.DisposeAsync();
        _directory.Dispose();
    }
}
