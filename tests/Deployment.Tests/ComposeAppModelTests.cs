using System.Net;
using System.Text.RegularExpressions;
using Hiroba.AppHost;
using Hiroba.Deployment.Tests.Files;
using Hiroba.LocalComponents;

namespace Hiroba.Deployment.Tests;

/// <summary>
/// docker-compose.yml against the app model (infra/AppHost), the one description of what runs: the same services, each
/// given the settings the model gives it, and the gateway's clusters pointing at the right compose services.
/// </summary>
public sealed partial class ComposeAppModelTests
{
    private const string BrokerImage = "eclipse-mosquitto:";

    /// <summary>Settings the model gives every backend that compose legitimately leaves out (why: the comments).</summary>
    private static readonly HashSet<string> NotInComposeForTheBackends =
    [
        // Compose publishes through each service's Dapr sidecar (EventBus:Transport Dapr); the sidecar holds the broker's
        // address and password (MQTT_URL, components/pubsub.yaml), so the service never sees them.
        "EventBus:Mqtt:Host",
        "EventBus:Mqtt:Port",
        "EventBus:Mqtt:Username",
        "EventBus:Mqtt:Password",
    ];

    /// <summary>Settings the model gives every service that compose legitimately leaves out (why: the comments).</summary>
    private static readonly HashSet<string> NotInComposeForAnyService =
    [
        // ./run writes one log file per service and shows only errors; containers log to docker's log driver at the
        // levels of each service's appsettings.json.
        "Logging:Console:FormatterName",
        "Logging:Console:FormatterOptions:SingleLine",
        "Logging:Console:FormatterOptions:ColorBehavior",
        "Logging:Console:LogToStandardErrorThreshold",
        "Logging:LogLevel:Microsoft.AspNetCore",
    ];

    /// <summary>Settings the model gives the gateway that compose legitimately leaves out (why: the comments).</summary>
    private static readonly HashSet<string> NotInComposeForTheGateway =
    [
        // Behind the operator's TLS proxy the request's origin is the public one; ./run must name its LAN address.
        "Gateway:PublicUrl",
    ];

    private static readonly ComposeFile Compose = ComposeFile.Instance;

    private static readonly Dictionary<HirobaService, Uri> Backends =
        HirobaService.Backends.Select((service, index) => (service, index)).ToDictionary(pair => pair.service, pair => new Uri($"http://127.0.0.1:{9100 + pair.index}/"));

    // What ./run gives the services with no cameras and no certificate: compose's cameras come from the admin API, and
    // its gateway serves plain HTTP behind a TLS proxy (docker-compose.tls.yml has its own tests).
    private static readonly ServiceConfiguration Model = new(
        new RunSettings("/data", RunSettings.DefaultGatewayPort, null, null, []),
        new LocalSecrets("admin-password-1", "test", "mqtt-password-1", "turn-secret-1", "janus-secret-1", "database-password-1"),
        new MqttBroker("127.0.0.1", 1883, 9001, "services", "mqtt-password-1"),
        new TurnServer("127.0.0.1", 3478, new PortRange(49160, 49259), "turn-secret-1"),
        new MediaServer(new Uri("http://127.0.0.1:8088/janus"), "janus-secret-1", new PortRange(49260, 49359)),
        new PublicEndpoint(new Uri("http://127.0.0.1:8080/"), IPAddress.Loopback, RunSettings.DefaultGatewayPort, "", ""),
        certificate: null);

    public static TheoryData<string> Services => [.. HirobaService.All.Select(service => service.Name)];

    [Fact]
    public void Compose_runs_exactly_the_services_of_the_model()
    {
        var composed = Compose.Services.Values
            .Where(service => !service.IsOneShot && service.Build is not null)
            .Select(service => DockerfileFolder().Match(service.Build!.Dockerfile))
            .Where(match => match.Success)
            .Select(match => match.Groups["folder"].Value);

        Assert.Equal(HirobaService.All.Select(service => service.Name).Order(StringComparer.Ordinal), composed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Compose_gives_each_service_every_setting_the_model_gives_it_but_the_listed_ones(string name)
    {
        var service = HirobaService.All.Single(candidate => candidate.Name == name);
        var composed = ComposeSettings(service);

        var missing = ModelSettings(service).Except(composed).Except(Exempt(service)).Order(StringComparer.Ordinal);

        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_listed_difference_is_still_one(string name)
    {
        var service = HirobaService.All.Single(candidate => candidate.Name == name);
        var model = ModelSettings(service);
        var composed = ComposeSettings(service);

        // A key the model no longer gives, or compose now has, would leave a stale entry that hides a future drift.
        Assert.DoesNotContain(Exempt(service), key => !model.Contains(key) || composed.Contains(key));
    }

    [Fact]
    public void The_gateways_clusters_in_compose_are_the_models_and_each_names_its_compose_service()
    {
        var modelClusters = Model.ForGateway(Backends).Keys.Select(key => ClusterSetting().Match(key)).Where(match => match.Success)
            .Select(match => match.Groups["cluster"].Value);
        var destinations = GatewayDestination.All.ToDictionary(destination => destination.Cluster);

        Assert.Equal(modelClusters.Order(StringComparer.Ordinal), destinations.Keys.Order(StringComparer.Ordinal));
        foreach (var backend in HirobaService.Backends)
        {
            var deployment = ServiceDeployment.Of(backend.Name);
            var address = destinations[backend.Cluster].Address;
            Assert.Equal((backend.Cluster, deployment.Service.Name, deployment.ListeningPort), (backend.Cluster, address.Host, address.Port));
        }
    }

    [Fact]
    public void The_gateway_reads_the_public_topics_on_the_compose_brokers_websockets_listener()
    {
        var broker = new Uri(ServiceDeployment.Of(HirobaService.Gateway.Name).Service.Environment["Gateway__Mqtt__Broker"]);

        Assert.Equal("ws", broker.Scheme);
        Assert.StartsWith(BrokerImage, Compose.Services[broker.Host].Image, StringComparison.Ordinal);
        Assert.Equal(MosquittoConfig.Load().Listener("websockets").Port, broker.Port);
    }

    private static HashSet<string> ModelSettings(HirobaService service) =>
        [.. (service == HirobaService.Gateway ? Model.ForGateway(Backends) : Model.ForBackend(service, Backends)).Keys];

    /// <summary>The compose service's environment as configuration keys (<c>A__B</c> is <c>A:B</c>).</summary>
    private static HashSet<string> ComposeSettings(HirobaService service) =>
        [.. ServiceDeployment.Of(service.Name).Service.Environment.Keys.Select(key => key.Replace("__", ":", StringComparison.Ordinal))];

    private static HashSet<string> Exempt(HirobaService service) =>
        [.. NotInComposeForAnyService, .. service == HirobaService.Gateway ? NotInComposeForTheGateway : NotInComposeForTheBackends];

    [GeneratedRegex("^services/(?<folder>[^/]+)/Dockerfile$")]
    private static partial Regex DockerfileFolder();

    [GeneratedRegex("^ReverseProxy:Clusters:(?<cluster>[^:]+):Destinations:")]
    private static partial Regex ClusterSetting();
}
