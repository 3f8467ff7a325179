using Hiroba.Deployment.Tests.Files;

namespace Hiroba.Deployment.Tests;

public sealed class ComposeServicesTests
{
    private static readonly ComposeFile Compose = ComposeFile.Instance;

    [Fact]
    public void Every_folder_under_services_is_a_deployable_service() =>
        Assert.Equal(["CameraBridge", "Feed", "Gateway", "Rooms", "Signaling", "Snapshots"], ServiceProject.All.Select(project => project.Folder));

    [Theory]
    [MemberData(nameof(ServiceProject.Folders), MemberType = typeof(ServiceProject))]
    public void Every_service_has_a_compose_service_built_from_its_own_Dockerfile_in_the_repository_root(string folder)
    {
        var deployment = ServiceDeployment.Of(folder);

        Assert.Equal(".", deployment.Service.Build!.Context);
        Assert.Equal("unless-stopped", deployment.Service.Restart);
    }

    [Theory]
    [MemberData(nameof(ServiceProject.Folders), MemberType = typeof(ServiceProject))]
    public void Every_service_but_the_gateway_has_a_daprd_sidecar_in_its_network_namespace_with_its_app_id_and_port(string folder)
    {
        var deployment = ServiceDeployment.Of(folder);
        if (!deployment.Project.NeedsDaprSidecar)
        {
            Assert.Null(deployment.Sidecar);
            return;
        }

        var sidecar = Assert.IsType<ComposeService>(deployment.Sidecar);
        var daprd = sidecar.DaprdArguments;
        Assert.True(daprd.StartsDaprd, $"{sidecar.Name} does not run ./daprd: {string.Join(' ', sidecar.Command)}");
        Assert.Equal(deployment.Service.Environment["EventBus__AppId"], daprd.Value("--app-id"));
        Assert.Equal(deployment.ListeningPort.ToString(System.Globalization.CultureInfo.InvariantCulture), daprd.Value("--app-port"));
        Assert.Contains(deployment.Service.Name, sidecar.DependsOn);
        Assert.Contains("mosquitto", sidecar.DependsOn);
        Assert.Equal("unless-stopped", sidecar.Restart);
    }

    [Theory]
    [MemberData(nameof(ServiceProject.FoldersWithSidecar), MemberType = typeof(ServiceProject))]
    public void Services_with_a_sidecar_use_the_Dapr_transport_through_it_and_accept_only_its_deliveries(string folder)
    {
        var deployment = ServiceDeployment.Of(folder);
        var sidecar = Assert.IsType<ComposeService>(deployment.Sidecar);
        var environment = deployment.Service.Environment;
        var daprd = sidecar.DaprdArguments;
        Assert.Equal("Dapr", environment["EventBus__Transport"]);
        // Dapr.Client publishes over gRPC and asks the HTTP API for readiness; the sidecar calls the app over HTTP.
        Assert.Equal($"http://127.0.0.1:{daprd.Value("--dapr-grpc-port")}", environment["EventBus__Dapr__GrpcEndpoint"]);
        Assert.Equal($"http://127.0.0.1:{daprd.Value("--dapr-http-port")}", environment["EventBus__Dapr__HttpEndpoint"]);
        Assert.Equal("http", daprd.Value("--app-protocol"));
        // The sidecar's API stays inside the pair's network namespace.
        Assert.Equal("127.0.0.1", daprd.Value("--dapr-listen-addresses"));
        Assert.Equal(
            ComposeVariables.In(environment["EventBus__Dapr__AppApiToken"]).Single().Name,
            ComposeVariables.In(sidecar.Environment["APP_API_TOKEN"]).Single().Name);
        // Dapr.Client sends DAPR_API_TOKEN with every call; the sidecar refuses calls without it.
        var apiToken = ComposeVariables.In(environment["DAPR_API_TOKEN"]).Single();
        Assert.True(apiToken.IsRequired, "DAPR_API_TOKEN has no default");
        Assert.Equal(apiToken.Name, ComposeVariables.In(sidecar.Environment["DAPR_API_TOKEN"]).Single().Name);
        Assert.NotEqual(apiToken.Name, ComposeVariables.In(sidecar.Environment["APP_API_TOKEN"]).Single().Name);
    }

    [Fact]
    public void App_ids_are_unique()
    {
        var appIds = Compose.Sidecars.Select(sidecar => sidecar.DaprdArguments.Value("--app-id")).ToArray();

        Assert.Equal(appIds.Length, appIds.Distinct().Count());
        Assert.Equal(ServiceProject.All.Count(project => project.NeedsDaprSidecar), appIds.Length);
    }

    [Fact]
    public void The_gateway_is_the_only_service_that_publishes_a_port()
    {
        var published = Compose.Services.Values.Where(service => service.Ports.Count > 0).ToArray();

        var gateway = Assert.Single(published);
        Assert.Equal(ServiceDeployment.Of("Gateway").Service, gateway);
        var port = Assert.Single(gateway.Ports);
        Assert.EndsWith($":{ServiceDeployment.Of("Gateway").ListeningPort}", port, StringComparison.Ordinal);
        // coturn needs the host's network for its relay ports instead (docs/self-hosting.md).
        Assert.Equal("host", Compose.Services["coturn"].NetworkMode);
    }

    [Fact]
    public void Gateway_destinations_are_the_compose_services_on_the_ports_they_listen_on()
    {
        Assert.Equal(["cameras", "feed", "rooms", "signaling", "snapshots"], GatewayDestination.All.Select(destination => destination.Cluster).Order(StringComparer.Ordinal));
        var listeningPorts = ServiceDeployment.All.ToDictionary(deployment => deployment.Service.Name, deployment => deployment.ListeningPort);
        listeningPorts["mosquitto"] = MosquittoConfig.Load().Listener("websockets").Port;
        foreach (var (cluster, _, address) in GatewayDestination.All)
        {
            Assert.True(listeningPorts.TryGetValue(address.Host, out var port), $"Cluster {cluster} points at {address.Host}, which is no compose service.");
            Assert.Equal(port, address.Port);
        }
    }

    [Fact]
    public void The_camera_bridge_meets_ayame_mode_cameras_at_the_signaling_service_on_the_port_it_listens_on()
    {
        var signalingUrl = new Uri(ServiceDeployment.Of("CameraBridge").Service.Environment["Cameras__SignalingUrl"]);
        var signaling = ServiceDeployment.Of("Signaling");

        Assert.Equal(("ws", signaling.Service.Name, signaling.ListeningPort, "/signaling"), (signalingUrl.Scheme, signalingUrl.Host, signalingUrl.Port, signalingUrl.AbsolutePath));
    }

    [Theory]
    [MemberData(nameof(ServiceProject.Folders), MemberType = typeof(ServiceProject))]
    public void Every_service_has_a_health_check_on_its_own_healthz(string folder)
    {
        var deployment = ServiceDeployment.Of(folder);
        var command = string.Join(' ', deployment.Service.HealthCheck);

        Assert.Equal("CMD", deployment.Service.HealthCheck.FirstOrDefault());
        Assert.Contains($"/dev/tcp/127.0.0.1/{deployment.ListeningPort}", command, StringComparison.Ordinal);
        Assert.Contains("GET /healthz ", command, StringComparison.Ordinal);
    }

    [Fact]
    public void The_broker_starts_after_its_password_file_and_is_healthy_before_any_sidecar_starts()
    {
        var broker = Compose.Services["mosquitto"];
        var health = MosquittoConfig.Load().Listener("mqtt", loopbackOnly: true);

        Assert.Contains("mosquitto-password-file", broker.DependsOn);
        Assert.Equal("no", Compose.Services["mosquitto-password-file"].Restart);
        Assert.Contains(health.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), broker.HealthCheck);
        Assert.All(Compose.Sidecars, sidecar => Assert.Contains("mosquitto", sidecar.DependsOn));
    }

    [Fact]
    public void Every_service_shares_one_key_ring_and_keeps_its_data_in_a_volume_of_its_own()
    {
        var dataVolumes = new List<string>();
        foreach (var deployment in ServiceDeployment.All)
        {
            var environment = deployment.Service.Environment;
            var keyRing = Assert.Single(deployment.Service.Volumes, mount => mount.Target == environment["Auth__KeyRingPath"]);
            Assert.Equal("keyring", keyRing.Source);
            if (environment.TryGetValue("Data__Path", out var dataPath))
            {
                dataVolumes.Add(Assert.Single(deployment.Service.Volumes, mount => mount.Target == dataPath).Source);
            }
        }

        Assert.Equal(ServiceProject.All.Count(project => project.NeedsDaprSidecar), dataVolumes.Distinct().Count());
        Assert.All(dataVolumes, volume => Assert.Contains(volume, Compose.NamedVolumes));
    }

    [Fact]
    public void Every_image_is_pinned_to_a_version()
    {
        var images = Compose.Services.Values.Select(service => service.Image).OfType<string>()
            .Concat(ServiceDeployment.All.SelectMany(deployment => deployment.Dockerfile.Stages.Select(stage => stage.BaseImage)))
            .Distinct()
            .ToArray();

        Assert.NotEmpty(images);
        Assert.All(images, image => Assert.Matches(@"^[a-z0-9./-]+:\d+(\.\d+)+(-[a-z0-9.-]+)?$", image));
    }

    [Fact]
    public void The_key_ring_is_made_once_by_a_one_shot_task_before_any_service_starts()
    {
        var keyRing = Compose.Services["key-ring"];

        Assert.True(keyRing.IsOneShot);
        Assert.True(keyRing.IsBuiltFrom(ServiceProject.Named("Gateway")));
        Assert.Equal(["create-key-ring"], keyRing.Command);
        var mount = Assert.Single(keyRing.Volumes, mount => mount.Target == keyRing.Environment["Auth__KeyRingPath"]);
        Assert.Equal("keyring", mount.Source);
        Assert.False(mount.ReadOnly);
        Assert.All(ServiceDeployment.All, deployment =>
            Assert.Equal("service_completed_successfully", deployment.Service.DependsOnConditions.GetValueOrDefault("key-ring")));
    }

    [Fact]
    public void The_services_believe_forwarding_headers_only_from_the_gateways_fixed_address()
    {
        var network = Assert.IsType<ComposeSubnet>(Compose.DefaultNetwork);
        var gateway = ServiceDeployment.Of("Gateway").Service;
        var address = System.Net.IPAddress.Parse(Assert.IsType<string>(gateway.Ipv4Address));

        Assert.True(network.Subnet.Contains(address), $"{address} is outside {network.Subnet}");
        // Docker gives the other containers addresses from the dynamic range only, so none can take the gateway's.
        var dynamicRange = Assert.IsType<System.Net.IPNetwork>(network.DynamicRange);
        Assert.False(dynamicRange.Contains(address), $"{address} is inside the dynamic range {dynamicRange}");
        foreach (var deployment in ServiceDeployment.All.Where(deployment => deployment.Project.NeedsDaprSidecar))
        {
            var trust = deployment.Service.Environment.Where(entry => entry.Key.StartsWith("ForwardedHeaders__", StringComparison.Ordinal));
            Assert.Equal([new KeyValuePair<string, string>("ForwardedHeaders__KnownProxies__0", address.ToString())], trust);
        }
        // The gateway itself believes only the proxy the operator names (none when unset); the example names a TLS proxy
        // on the host, which reaches the published port from the network's host side.
        var gatewayTrust = Assert.Single(gateway.Environment, entry => entry.Key.StartsWith("ForwardedHeaders__", StringComparison.Ordinal));
        Assert.Equal("ForwardedHeaders__KnownProxies__0", gatewayTrust.Key);
        Assert.Equal("", ComposeVariables.Resolve(gatewayTrust.Value, new Dictionary<string, string>()));
        Assert.Equal(network.HostAddress, ComposeVariables.Resolve(gatewayTrust.Value, SampleEnvironment.Values));
    }
}
