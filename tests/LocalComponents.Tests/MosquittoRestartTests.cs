using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests;

public class MosquittoRestartTests(MosquittoFixture mosquitto) : IClassFixture<MosquittoFixture>
{
    [Fact]
    public async Task Stop_closes_the_ports_and_start_brings_them_back_on_the_same_numbers()
    {
        var ports = (mosquitto.Port, mosquitto.WebSocketPort);

        await mosquitto.StopAsync();
        var acceptsWhileStopped = await ReadinessProbes.TcpAcceptsAsync(mosquitto.Port, CancellationToken.None);
        await mosquitto.StartAsync();

        Assert.False(acceptsWhileStopped);
        Assert.Equal(ports, (mosquitto.Port, mosquitto.WebSocketPort));
        Assert.True(await ReadinessProbes.TcpAcceptsAsync(mosquitto.Port, CancellationToken.None));
        Assert.True(await ReadinessProbes.TcpAcceptsAsync(mosquitto.WebSocketPort, CancellationToken.None));
        var published = await mosquitto.PublishAsServiceAsync("tests.after-restart", "x");
        Assert.True(published.ExitCode == 0, published.OutputText);
    }
}
