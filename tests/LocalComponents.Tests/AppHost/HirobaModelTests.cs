using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using System.Net;
using Hiroba.AppHost;
using Hiroba.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiroba.LocalComponents.Tests.AppHost;

/// <summary>The model as tests will start it: a subset of services, a broker and TURN server already running, settings overridden.</summary>
public sealed class HirobaModelTests : IDisposable
{
    private const string FeedSetting = "Feed:Example";
    private readonly TemporaryDirectory _data = new("apphost-model");

    [Fact]
    public async Task Given_a_running_broker_and_turn_server_it_starts_only_the_chosen_services_and_points_them_there()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { DisableDashboard = true });
        var secrets = new LocalSecrets("admin-password-1", "test", Secrets.Create(), Secrets.Create(), Secrets.Create(), Secrets.Create());
        var options = new HirobaModelOptions(
            new RunSettings(_data.Path, 8080, null, null, []), secrets,
            new PublicEndpoint(new Uri("http://127.0.0.1:8080/"), IPAddress.Loopback, 8080, "", ""), Certificate: null,
            new MqttBroker("127.0.0.1", 21883, 21884, "services", secrets.MqttServicePassword),
            new TurnServer("127.0.0.1", 23478, new PortRange(40000, 40019), secrets.TurnSecret))
        {
            Services = [HirobaService.Feed, HirobaService.Gateway],
            Overrides = new Dictionary<HirobaService, IReadOnlyDictionary<string, string?>>
            {
                [HirobaService.Feed] = new Dictionary<string, string?> { [FeedSetting] = "3", ["Logging:LogLevel:Microsoft.AspNetCore"] = null },
            },
        };

        var resources = builder.AddHiroba(options);

        Assert.Equal(["feed", "gateway"], resources.All.Select(resource => resource.Name));
        var feed = await EnvironmentOf(resources.Services[HirobaService.Feed].Resource);
        Assert.Equal("21883", feed["EventBus__Mqtt__Port"]);
        Assert.Equal("3", feed["Feed__Example"]);
        Assert.False(feed.ContainsKey("Logging__LogLevel__Microsoft.AspNetCore"));
        Assert.Equal($"http://127.0.0.1:{resources.Backends[HirobaService.Feed].Port}", feed["ASPNETCORE_URLS"]);
        // No dashboard and no OTLP endpoint configured: nothing would receive the telemetry.
        Assert.False(feed.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        var gateway = resources.Services[HirobaService.Gateway].Resource;
        var gatewaySettings = await EnvironmentOf(gateway);
        Assert.Equal($"http://127.0.0.1:{resources.Backends[HirobaService.Feed].Port}/", gatewaySettings["ReverseProxy__Clusters__feed__Destinations__d1__Address"]);
        Assert.Equal("ws://127.0.0.1:21884/", gatewaySettings["Gateway__Mqtt__Broker"]);
        Assert.False(gatewaySettings.ContainsKey("ReverseProxy__Clusters__rooms__Destinations__d1__Address"));
        Assert.False(gatewaySettings.ContainsKey("Auth__ViewerPassword"));
        // The gateway starts beside the backends (its /readyz names one that is not up yet).
        Assert.Empty(gateway.Annotations.OfType<WaitAnnotation>());
    }

    [Fact]
    public async Task Serving_the_room_the_model_starts_mosquitto_coturn_and_janus_first_and_only_rooms_and_signaling_get_the_turn_secret()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { DisableDashboard = true });
        var secrets = new LocalSecrets("admin-password-1", "test", Secrets.Create(), Secrets.Create(), Secrets.Create(), Secrets.Create());
        var settings = new RunSettings(_data.Path, 8080, null, null, []);
        var lan = IPAddress.Parse("192.168.77.2");
        var endpoint = new PublicEndpoint(new Uri("https://192.168.77.2:8443/"), lan, 8080, "", "");

        var resources = builder.AddHiroba(HirobaModelOptions.WithLocalServers(settings, secrets, endpoint, certificate: null));

        Assert.Equal(["mosquitto", "coturn", "janus", "feed", "rooms", "signaling", "snapshots", "camerabridge", "gateway"], resources.All.Select(resource => resource.Name));
        foreach (var (service, resource) in resources.Services)
        {
            var waits = resource.Resource.Annotations.OfType<WaitAnnotation>().ToArray();
            var waitsFor = waits.Select(wait => wait.Resource.Name).ToArray();
            Assert.Contains("mosquitto", waitsFor);
            // A server that stops before it is healthy ends the start instead of holding it (RunWatch names it).
            Assert.All(waits, wait => Assert.Equal(WaitBehavior.StopOnResourceUnavailable, wait.WaitBehavior));
            Assert.Equal(service == HirobaService.Rooms || service == HirobaService.Signaling, waitsFor.Contains("coturn"));
            Assert.Equal(service == HirobaService.CameraBridge, waitsFor.Contains("janus"));
            var environment = await EnvironmentOf(resource.Resource);
            Assert.Equal(ServiceConfiguration.UsesTurn(service), environment.ContainsKey("Turn__Secret"));
            Assert.Equal(service == HirobaService.CameraBridge, environment.ContainsKey("Cameras__Janus__ApiSecret"));
        }
    }

    [Fact]
    public async Task Serving_this_machine_only_the_model_starts_no_janus_and_cameras_keep_one_viewer()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { DisableDashboard = true });
        var secrets = new LocalSecrets("admin-password-1", "test", Secrets.Create(), Secrets.Create(), Secrets.Create(), Secrets.Create());
        var endpoint = new PublicEndpoint(new Uri("http://127.0.0.1:8080/"), IPAddress.Loopback, 8080, "", "");

        var resources = builder.AddHiroba(HirobaModelOptions.WithLocalServers(new RunSettings(_data.Path, 8080, null, null, []), secrets, endpoint, certificate: null));

        Assert.DoesNotContain("janus", resources.All.Select(resource => resource.Name));
        Assert.False((await EnvironmentOf(resources.Services[HirobaService.CameraBridge].Resource)).ContainsKey("Cameras__Janus__Url"));
    }

    [Fact]
    public async Task With_two_replicas_every_backend_runs_twice_each_with_a_broker_session_and_data_folder_of_its_own()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { DisableDashboard = true });
        var secrets = new LocalSecrets("admin-password-1", "test", Secrets.Create(), Secrets.Create(), Secrets.Create(), Secrets.Create());
        var endpoint = new PublicEndpoint(new Uri("http://127.0.0.1:8080/"), IPAddress.Loopback, 8080, "", "");
        var database = new SharedDatabase("127.0.0.1", 25432, "hiroba", secrets.DatabasePassword);
        var settings = new RunSettings(_data.Path, 8080, null, null, [], Replicas: 2);

        var resources = builder.AddHiroba(HirobaModelOptions.WithLocalServers(settings, secrets, endpoint, certificate: null) with { Database = database });

        Assert.Equal(["mosquitto", "coturn", "feed", "rooms", "signaling", "snapshots", "camerabridge", "gateway", "feed-2", "rooms-2", "signaling-2", "snapshots-2", "camerabridge-2"],
            resources.All.Select(resource => resource.Name));
        var gateway = await EnvironmentOf(resources.Services[HirobaService.Gateway].Resource);
        foreach (var service in HirobaService.Backends)
        {
            var replicas = resources.Replicas[service];
            Assert.Equal(HirobaService.Replicable.Contains(service) ? 2 : 1, replicas.Count);
            Assert.Equal(replicas.Select(replica => replica.ToString()),
                gateway.Where(setting => setting.Key.StartsWith($"ReverseProxy__Clusters__{service.Cluster}__Destinations__", StringComparison.Ordinal))
                    .OrderBy(setting => setting.Key, StringComparer.Ordinal).Select(setting => setting.Value));
        }
        var feeds = await Task.WhenAll(new[] { "feed", "feed-2" }.Select(name => EnvironmentOf(resources.All.Single(resource => resource.Name == name))));
        Assert.Equal(["feed", "feed-2"], feeds.Select(feed => feed["EventBus__Mqtt__ClientId"]));
        Assert.All(feeds, feed => Assert.Equal("PostgreSql", feed["Feed__Storage__Provider"]));
        Assert.All(feeds, feed => Assert.Equal(database.ConnectionString("feed"), feed["Feed__Storage__ConnectionString"]));
        var signalings = await Task.WhenAll(new[] { "signaling", "signaling-2" }.Select(name => EnvironmentOf(resources.All.Single(resource => resource.Name == name))));
        Assert.Equal(["signaling", "signaling-2"], signalings.Select(signaling => signaling["EventBus__Mqtt__ClientId"]));
        Assert.All(signalings, signaling => Assert.Equal(database.ConnectionString("signaling"), signaling["Signaling__Replicas__ConnectionString"]));
        var snapshots = await Task.WhenAll(new[] { "snapshots", "snapshots-2" }.Select(name => EnvironmentOf(resources.All.Single(resource => resource.Name == name))));
        Assert.Equal(["snapshots", "snapshots-2"], snapshots.Select(process => process["EventBus__Mqtt__ClientId"]));
        Assert.Equal([Path.Combine(_data.Path, "snapshots"), Path.Combine(_data.Path, "snapshots-2")], snapshots.Select(process => process["Data__Path"]));
        Assert.Equal(Path.Combine(_data.Path, "feed-2"), feeds[1]["Data__Path"]);
        var bridges = await Task.WhenAll(new[] { "camerabridge", "camerabridge-2" }.Select(name => EnvironmentOf(resources.All.Single(resource => resource.Name == name))));
        Assert.All(bridges, bridge => Assert.Equal("PostgreSql", bridge["Cameras__Storage__Provider"]));
        Assert.All(bridges, bridge => Assert.Equal(database.ConnectionString("cameras"), bridge["Cameras__Storage__ConnectionString"]));
        var rooms = await Task.WhenAll(new[] { "rooms", "rooms-2" }.Select(name => EnvironmentOf(resources.All.Single(resource => resource.Name == name))));
        Assert.All(rooms, process => Assert.Equal(database.ConnectionString("rooms"), process["Rooms__Storage__ConnectionString"]));
    }

    [Fact]
    public void Two_replicas_without_a_database_to_share_are_refused()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { DisableDashboard = true });
        var secrets = new LocalSecrets("admin-password-1", "test", Secrets.Create(), Secrets.Create(), Secrets.Create(), Secrets.Create());
        var endpoint = new PublicEndpoint(new Uri("http://127.0.0.1:8080/"), IPAddress.Loopback, 8080, "", "");
        var settings = new RunSettings(_data.Path, 8080, null, null, [], Replicas: 2);

        var refused = Assert.Throws<ArgumentException>(() => builder.AddHiroba(HirobaModelOptions.WithLocalServers(settings, secrets, endpoint, certificate: null)));
        Assert.Contains("need a database to share", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();

    /// <summary>The variables the resource's process would get, as Aspire works them out at its start.</summary>
    private static async Task<Dictionary<string, string>> EnvironmentOf(IResource resource)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(resource).WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), NullLogger.Instance, CancellationToken.None);
        return configuration.EnvironmentVariables.ToDictionary();
    }
}
