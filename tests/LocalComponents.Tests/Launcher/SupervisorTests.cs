using System.Diagnostics;
using Hiroba.Launcher;
using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests.Launcher;

public sealed class SupervisorTests : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new("supervisor");
    private readonly MosquittoServer _mosquitto;

    public SupervisorTests()
    {
        _mosquitto = new MosquittoServer(new MosquittoOptions(_directory.Path, "services", Secrets.Create(), PublicMqttTopics.All));
    }

    [Fact]
    public async Task A_component_that_dies_is_restarted_on_the_same_ports_and_supervision_ends_on_stop()
    {
        await _mosquitto.StartAsync(CancellationToken.None);
        var firstPid = _mosquitto.Process!.Id;
        using var stopping = new CancellationTokenSource();
        var supervision = new Supervisor(TimeProvider.System).SuperviseAsync(_mosquitto, stopping.Token);

        using (var victim = Process.GetProcessById(firstPid))
        {
            victim.Kill();
        }
        await WaitUntilAsync(
            async () => _mosquitto.Process!.Id != firstPid && await ReadinessProbes.TcpAcceptsAsync(_mosquitto.Port, CancellationToken.None));
        await stopping.CancelAsync();

        await supervision.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(_mosquitto.Process!.HasExited);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _mosquitto.DisposeAsync();
        _directory.Dispose();
    }
}
