using System.Diagnostics;
using System.Net;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// The gateway's active health checks as configured (appsettings.json): a dead process of a service leaves the rotation
/// within seconds.
/// </summary>
public sealed class DestinationHealthTests
{
    [Fact]
    public async Task A_dead_process_of_two_leaves_the_rotation_within_seconds()
    {
        using var keyRing = new TemporaryDirectory("keyring");
        await using var first = await BackendApp.StartAsync(keyRing.Path);
        await using var second = await BackendApp.StartAsync(keyRing.Path);
        var settings = GatewayFactory.BaseSettings(keyRing.Path);
        settings["ReverseProxy:Clusters:feed:Destinations:d1:Address"] = first.BaseUri.ToString();
        settings["ReverseProxy:Clusters:feed:Destinations:d2:Address"] = second.BaseUri.ToString();
        await using var gateway = new GatewayFactory(settings);
        using var client = new HttpClient { BaseAddress = gateway.RootUri };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/feed/echo/warm")).StatusCode);

        await first.StopAsync();
        var stopped = Stopwatch.StartNew();
        var answeredInARow = 0;
        var failed = 0;
        while (answeredInARow < 20)
        {
            Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(8), $"still sent to the dead process after {stopped.Elapsed} ({failed} requests failed)");
            using var response = await client.GetAsync("/api/feed/echo/during");
            (answeredInARow, failed) = response.IsSuccessStatusCode ? (answeredInARow + 1, failed) : (0, failed + 1);
            await Task.Delay(50);
        }
        Assert.True(failed > 0, "no request met the dead process: the test did not test the rotation");
    }
}
