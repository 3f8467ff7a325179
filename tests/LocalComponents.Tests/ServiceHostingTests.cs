extern alias feed;

using System.Net;
using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests;

public class ServiceHostingTests
{
    [Fact]
    public async Task A_built_service_runs_as_a_process_until_SIGTERM_stops_it_cleanly()
    {
        await using var feed = await ServiceProcess.StartAsync("Feed");
        using var client = feed.CreateClient();

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var exitCode = await feed.StopAsync();

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("127.0.0.1", feed.BaseUri.Host);
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task A_service_hosted_in_process_listens_on_a_real_loopback_port()
    {
        await using var factory = new KestrelApplicationFactory<feed::Program>();
        using var client = new HttpClient { BaseAddress = factory.RootUri };

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("127.0.0.1", factory.RootUri.Host);
    }
}
