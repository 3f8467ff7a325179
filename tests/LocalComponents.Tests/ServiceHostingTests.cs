extern alias feed;

using System.Net;
using Hiroba.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace Hiroba.LocalComponents.Tests;

public sealed class ServiceHostingTests : IDisposable
{
    private readonly TemporaryDirectory _data = new("service-hosting");

    /// <summary>What the Feed needs to start; nothing listens on the broker port, and /healthz does not need a broker.</summary>
    private Dictionary<string, string?> Settings => new()
    {
        ["Auth:KeyRingPath"] = Path.Combine(_data.Path, "keyring"),
        ["Data:Path"] = Path.Combine(_data.Path, "feed"),
        ["EventBus:Mqtt:Host"] = "127.0.0.1",
        ["EventBus:Mqtt:Port"] = FreePorts.Tcp().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["EventBus:Mqtt:Username"] = "services",
        ["EventBus:Mqtt:Password"] = "services-password",
    };

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_built_service_runs_as_a_process_until_SIGTERM_stops_it_cleanly()
    {
        await using var feed = await ServiceProcess.StartAsync("Feed", Settings);
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
        await using var factory = new ConfiguredFeedFactory(Settings);
        var rootUri = factory.RootUri;
        using var client = new HttpClient { BaseAddress = rootUri };

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("127.0.0.1", rootUri.Host);
    }

    private sealed class ConfiguredFeedFactory(IReadOnlyDictionary<string, string?> settings) : KestrelApplicationFactory<feed::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
