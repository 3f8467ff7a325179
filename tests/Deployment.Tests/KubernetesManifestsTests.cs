using System.Globalization;
using Hiroba.Deployment.Tests.Files;
using YamlDotNet.RepresentationModel;
using static Hiroba.Deployment.Tests.Files.KubernetesManifests;

namespace Hiroba.Deployment.Tests;

/// <summary>
/// deploy/kubernetes against docker-compose.yml and the images, as the compose tests check compose against the model:
/// the same services and settings, Dapr's annotations with compose's app ids, probes, secrets only from Secrets that the
/// example overlay generates, and only the gateway reachable.
/// </summary>
public sealed class KubernetesManifestsTests
{
    /// <summary>Compose settings a service does not get on Kubernetes (why: the comments).</summary>
    private static readonly HashSet<string> NotOnKubernetes =
    [
        // Pods have no fixed address: the services trust the pod network (ForwardedHeaders__KnownNetworks__0) instead.
        "ForwardedHeaders__KnownProxies__0",
        // Dapr puts it into the app's container itself from the dapr.io/api-token-secret annotation's Secret.
        "DAPR_API_TOKEN",
    ];

    /// <summary>Compose settings one service does not get on Kubernetes.</summary>
    private static readonly Dictionary<string, string[]> NotOnKubernetesFor = new()
    {
        // Feed keeps its posts in PostgreSQL there, shared by its replicas, so it has no data folder.
        ["feed"] = ["Data__Path"],
        // So do the rooms.
        ["rooms"] = ["Data__Path"],
        // Signaling keeps nothing on disk; its replicas share a PostgreSQL database instead.
        ["signaling"] = ["Data__Path"],
        // The camera bridge keeps its cameras in PostgreSQL there, whose lock also chooses the pod that serves.
        ["camera-bridge"] = ["Data__Path"],
    };

    public static TheoryData<string> Services => ServiceProject.Folders;

    [Fact]
    public void The_base_lists_every_manifest_in_its_folder_and_nothing_else()
    {
        var listed = Kustomization(Base).Sequence("resources").Scalars();
        var files = Directory.GetFiles(Repository.PathOf(Base), "*.yaml").Select(Path.GetFileName).Where(file => file != "kustomization.yaml");

        Assert.Equal(files.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Each_service_runs_its_own_image_on_its_images_port_probed_for_liveness_and_readiness_with_resources_requested(string folder)
    {
        var deployment = ServiceDeployment.Of(folder);
        var name = deployment.Service.Name;
        var container = Container(Workload(name));
        var port = (YamlMappingNode)Assert.Single(container.Sequence("ports")!.Children);

        Assert.Equal($"hiroba/{name}", container.Scalar("image"));
        Assert.Equal(deployment.ListeningPort.ToString(CultureInfo.InvariantCulture), port.Scalar("containerPort"));
        Assert.Equal(("/healthz", "http"), Probe(container, "livenessProbe"));
        Assert.Equal(("/readyz", "http"), Probe(container, "readinessProbe"));
        var requests = container.Mapping("resources")!.Mapping("requests")!;
        Assert.NotNull(requests.Scalar("cpu"));
        Assert.NotNull(requests.Scalar("memory"));
        var service = Named("Service", name).Mapping("spec")!;
        Assert.Equal(name, service.Mapping("selector")!.Scalar("app.kubernetes.io/name"));
        Assert.Equal(("http", deployment.ListeningPort.ToString(CultureInfo.InvariantCulture)),
            (((YamlMappingNode)Assert.Single(service.Sequence("ports")!.Children)).Scalar("targetPort"),
             ((YamlMappingNode)service.Sequence("ports")!.Children[0]).Scalar("port")));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Each_service_with_a_sidecar_has_daprs_annotations_with_composes_app_id_and_the_gateway_has_none(string folder)
    {
        var deployment = ServiceDeployment.Of(folder);
        var annotations = Annotations(Workload(deployment.Service.Name));

        if (deployment.Sidecar is not { } sidecar)
        {
            Assert.DoesNotContain(annotations.Keys, key => key.StartsWith("dapr.io/", StringComparison.Ordinal));
            return;
        }
        var daprd = sidecar.DaprdArguments;
        Assert.Equal("true", annotations["dapr.io/enabled"]);
        Assert.Equal(daprd.Value("--app-id"), annotations["dapr.io/app-id"]);
        Assert.Equal(deployment.Service.Environment["EventBus__AppId"], annotations["dapr.io/app-id"]);
        Assert.Equal(daprd.Value("--app-port"), annotations["dapr.io/app-port"]);
        Assert.NotNull(Named("Configuration", annotations["dapr.io/config"]));
        Assert.Equal("127.0.0.1", annotations["dapr.io/sidecar-listen-addresses"]);
        Assert.Equal("/healthz", annotations["dapr.io/app-health-check-path"]);
        Assert.Contains(annotations["dapr.io/app-id"], Named("Component", "pubsub").Sequence("scopes").Scalars());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Each_service_gets_every_setting_compose_gives_it_but_the_listed_ones(string folder)
    {
        var deployment = ServiceDeployment.Of(folder);
        var kubernetes = Environment(Container(Workload(deployment.Service.Name)));

        var missing = deployment.Service.Environment.Keys.Except(kubernetes.Keys).Except(NotOnKubernetes)
            .Except(NotOnKubernetesFor.GetValueOrDefault(deployment.Service.Name) ?? []);

        Assert.Empty(missing);
        Assert.Contains("ForwardedHeaders__KnownNetworks__0", kubernetes.Keys);
    }

    [Fact]
    public void Every_listed_difference_is_still_one()
    {
        var composed = ServiceDeployment.All.SelectMany(deployment => deployment.Service.Environment.Keys).ToHashSet();
        var onKubernetes = Workloads.SelectMany(deployment => Environment(Container(deployment)).Keys).ToHashSet();

        Assert.All(NotOnKubernetes, key => Assert.True(composed.Contains(key) && !onKubernetes.Contains(key), key));
        Assert.All(NotOnKubernetesFor.SelectMany(service => service.Value.Select(key => (Service: service.Key, Key: key))), difference =>
        {
            var composedService = ServiceDeployment.All.Single(deployment => deployment.Service.Name == difference.Service).Service;
            Assert.Contains(difference.Key, composedService.Environment.Keys);
            Assert.DoesNotContain(difference.Key, Environment(Container(Workload(difference.Service))).Keys);
        });
    }

    [Theory]
    [InlineData("feed", "Feed__Storage__ConnectionString", "feed-database")]
    [InlineData("rooms", "Rooms__Storage__ConnectionString", "rooms-database")]
    [InlineData("signaling", "Signaling__Replicas__ConnectionString", "signaling-database")]
    public void A_replicated_service_runs_as_two_replicas_on_the_postgresql_database_the_secret_names_with_no_volume_of_its_own(
        string service, string setting, string secretKey)
    {
        var deployment = Workload(service);

        Assert.Equal("2", deployment.Mapping("spec")!.Scalar("replicas"));
        Assert.Null(deployment.Mapping("spec")!.Mapping("strategy"));
        Assert.Equal("1", Named("PodDisruptionBudget", service).Mapping("spec")!.Scalar("minAvailable"));
        Assert.Equal($"secret:hiroba/{secretKey}", Environment(Container(deployment))[setting]);
        var volumes = PodSpec(deployment).Sequence("volumes")!.Children.Cast<YamlMappingNode>();
        Assert.Equal(["keyring"], volumes.Select(volume => volume.Scalar("name")));
        Assert.Contains(secretKey, ExampleKeys("secrets.env").Keys);
    }

    [Fact]
    public void Snapshots_runs_as_a_stateful_set_whose_every_pod_the_gateway_names_so_it_sends_each_workshop_to_its_owner()
    {
        var snapshots = Workload("snapshots");
        var spec = snapshots.Mapping("spec")!;
        var replicas = int.Parse(spec.Scalar("replicas")!, CultureInfo.InvariantCulture);

        Assert.Equal("StatefulSet", snapshots.Scalar("kind"));
        Assert.Equal(2, replicas);
        Assert.Equal("snapshots", spec.Scalar("serviceName"));
        Assert.Equal("None", Named("Service", "snapshots").Mapping("spec")!.Scalar("clusterIP"));
        Assert.Equal("1", Named("PodDisruptionBudget", "snapshots").Mapping("spec")!.Scalar("minAvailable"));
        var claim = (YamlMappingNode)Assert.Single(spec.Sequence("volumeClaimTemplates")!.Children);
        var dataMount = Container(snapshots).Sequence("volumeMounts")!.Children.Cast<YamlMappingNode>()
            .Single(mount => mount.Scalar("name") == claim.Mapping("metadata")!.Scalar("name"));
        Assert.Equal(Environment(Container(snapshots))["Data__Path"], dataMount.Scalar("mountPath"));

        var destinations = Environment(Container(Workload("gateway")))
            .Where(variable => variable.Key.StartsWith("ReverseProxy__Clusters__snapshots__Destinations__", StringComparison.Ordinal))
            .OrderBy(variable => variable.Key, StringComparer.Ordinal)
            .Select(variable => variable.Value);
        Assert.Equal(Enumerable.Range(0, replicas).Select(pod => $"http://snapshots-{pod}.snapshots:8080/"), destinations);
        var gatewaySettings = System.Text.Json.JsonDocument.Parse(Repository.Read("services/Gateway/appsettings.json")).RootElement;
        Assert.Equal("RoomOwner", gatewaySettings.GetProperty("ReverseProxy").GetProperty("Clusters").GetProperty("snapshots")
            .GetProperty("LoadBalancingPolicy").GetString());
    }

    [Fact]
    public void The_camera_bridge_runs_as_two_pods_the_gateway_names_and_probes_for_the_one_that_serves()
    {
        var bridge = Workload("camera-bridge");
        var spec = bridge.Mapping("spec")!;

        Assert.Equal("StatefulSet", bridge.Scalar("kind"));
        Assert.Equal("2", spec.Scalar("replicas"));
        Assert.Equal("camera-bridge", spec.Scalar("serviceName"));
        Assert.Null(spec.Sequence("volumeClaimTemplates"));
        Assert.Equal("None", Named("Service", "camera-bridge").Mapping("spec")!.Scalar("clusterIP"));
        Assert.Equal("1", Named("PodDisruptionBudget", "camera-bridge").Mapping("spec")!.Scalar("minAvailable"));
        var environment = Environment(Container(bridge));
        Assert.Equal("PostgreSql", environment["Cameras__Storage__Provider"]);
        Assert.Equal("secret:hiroba/cameras-database", environment["Cameras__Storage__ConnectionString"]);
        Assert.Contains("cameras-database", ExampleKeys("secrets.env").Keys);
        Assert.Equal(["keyring"], PodSpec(bridge).Sequence("volumes")!.Children.Cast<YamlMappingNode>().Select(volume => volume.Scalar("name")));

        var destinations = Environment(Container(Workload("gateway")))
            .Where(variable => variable.Key.StartsWith("ReverseProxy__Clusters__cameras__Destinations__", StringComparison.Ordinal))
            .OrderBy(variable => variable.Key, StringComparer.Ordinal)
            .Select(variable => variable.Value);
        Assert.Equal(["http://camera-bridge-0.camera-bridge:8080/", "http://camera-bridge-1.camera-bridge:8080/"], destinations);
        var cameras = System.Text.Json.JsonDocument.Parse(Repository.Read("services/Gateway/appsettings.json")).RootElement
            .GetProperty("ReverseProxy").GetProperty("Clusters").GetProperty("cameras");
        Assert.Equal("/healthz/leader", cameras.GetProperty("HealthCheck").GetProperty("Active").GetProperty("Path").GetString());
    }

    [Fact]
    public void Feed_keeps_its_posts_in_postgresql()
    {
        Assert.Equal("PostgreSql", Environment(Container(Workload("feed")))["Feed__Storage__Provider"]);
    }

    [Fact]
    public void Secret_settings_come_only_from_secrets_and_the_example_overlay_generates_every_secret_and_key_named()
    {
        var containers = Workloads.Concat(OfKind("Job"))
            .SelectMany(workload => new[] { "containers", "initContainers" }.SelectMany(list =>
                PodSpec(workload).Sequence(list)?.Children.Cast<YamlMappingNode>() ?? []))
            .ToArray();
        var fromSecrets = containers.SelectMany(container => Environment(container))
            .Where(variable => new ComposeVariable(variable.Key, "", "").IsSecret)
            .ToArray();
        Assert.NotEmpty(fromSecrets);
        Assert.All(fromSecrets, variable => Assert.StartsWith("secret:", variable.Value, StringComparison.Ordinal));

        var named = fromSecrets.Select(variable => variable.Value["secret:".Length..])
            .Concat(Workloads.SelectMany(deployment => Annotations(deployment))
                .Where(annotation => annotation.Key is "dapr.io/api-token-secret" or "dapr.io/app-token-secret")
                .Select(annotation => $"{annotation.Value}/token"))
            .Concat(OfKind("Component").SelectMany(component => component.Mapping("spec")!.Sequence("metadata")!.Children.Cast<YamlMappingNode>())
                .Select(item => item.Mapping("secretKeyRef")).OfType<YamlMappingNode>()
                .Select(reference => $"{reference.Scalar("name")}/{reference.Scalar("key")}"))
            .Distinct();
        var generated = Kustomization(ExampleOverlay).Sequence("secretGenerator")!.Children.Cast<YamlMappingNode>()
            .ToDictionary(generator => generator.Scalar("name")!, generator => ExampleKeys(generator.Sequence("envs").Scalars().Single()));
        Assert.All(named, reference =>
        {
            var (secret, key) = (reference.Split('/')[0], reference.Split('/')[1]);
            Assert.True(generated.TryGetValue(secret, out var keys) && keys.ContainsKey(key), $"{reference} is not generated by {ExampleOverlay}");
        });
        Assert.All(generated.Values.SelectMany(keys => keys.Values), value => Assert.Equal("", value));
        Assert.Contains("/deploy/kubernetes/overlays/*/*.env", Repository.Read(".gitignore").Split('\n'));
    }

    [Fact]
    public void The_example_overlay_gives_every_network_setting_the_base_names()
    {
        var named = Workloads.SelectMany(deployment => Environment(Container(deployment)).Values)
            .Where(value => value.StartsWith("configmap:hiroba-network/", StringComparison.Ordinal))
            .Select(value => value["configmap:hiroba-network/".Length..])
            .ToHashSet();
        var generator = Assert.Single(Kustomization(ExampleOverlay).Sequence("configMapGenerator")!.Children.Cast<YamlMappingNode>(),
            candidate => candidate.Scalar("name") == "hiroba-network");
        var literals = generator.Sequence("literals").Scalars().Select(literal => literal.Split('=', 2)[0]).ToHashSet();

        Assert.Subset(literals, named);
        Assert.Superset(literals, named);
    }

    [Fact]
    public void The_sidecars_configuration_resiliency_and_broker_settings_are_composes()
    {
        Assert.Equal(Spec(Documents("components/config.yaml").Single()), Spec(Named("Configuration", "hiroba")));
        Assert.Equal(Spec(Documents("components/resiliency.yaml").Single()), Spec(Named("Resiliency", "pubsub-resiliency")));
        Assert.Equal(BrokerSettings(Documents("components/pubsub.yaml").Single()), BrokerSettings(Named("Component", "pubsub")));
    }

    [Fact]
    public void Only_the_gateway_reaches_the_services_and_only_the_ingress_controller_the_gateway()
    {
        var backends = ServiceDeployment.All.Where(deployment => deployment.Sidecar is not null).Select(deployment => deployment.Service.Name);
        var services = Named("NetworkPolicy", "services-from-gateway").Mapping("spec")!;
        var selected = ((YamlMappingNode)Assert.Single(services.Mapping("podSelector")!.Sequence("matchExpressions")!.Children)).Sequence("values").Scalars();
        var from = (YamlMappingNode)Assert.Single(((YamlMappingNode)Assert.Single(services.Sequence("ingress")!.Children)).Sequence("from")!.Children);

        Assert.Equal(backends.Order(StringComparer.Ordinal), selected.Order(StringComparer.Ordinal));
        Assert.Equal("gateway", from.Mapping("podSelector")!.Mapping("matchLabels")!.Scalar("app.kubernetes.io/name"));
        var gateway = Named("NetworkPolicy", "gateway-from-ingress").Mapping("spec")!;
        Assert.Equal("gateway", gateway.Mapping("podSelector")!.Mapping("matchLabels")!.Scalar("app.kubernetes.io/name"));
        Assert.NotNull(((YamlMappingNode)Assert.Single(((YamlMappingNode)Assert.Single(gateway.Sequence("ingress")!.Children)).Sequence("from")!.Children))
            .Mapping("namespaceSelector"));
    }

    [Fact]
    public void The_ingress_sends_everything_to_the_gateway_over_tls_and_keeps_websockets_open_for_an_hour()
    {
        var ingress = Named("Ingress", "hiroba");
        var spec = ingress.Mapping("spec")!;
        var annotations = ingress.Mapping("metadata")!.Mapping("annotations").Entries()
            .ToDictionary(entry => entry.Key, entry => ((YamlScalarNode)entry.Value).Value ?? "");
        var path = (YamlMappingNode)Assert.Single(((YamlMappingNode)Assert.Single(spec.Sequence("rules")!.Children)).Mapping("http")!.Sequence("paths")!.Children);

        Assert.NotNull(((YamlMappingNode)Assert.Single(spec.Sequence("tls")!.Children)).Scalar("secretName"));
        Assert.Equal(("/", "gateway", "http"), (path.Scalar("path"), path.Mapping("backend")!.Mapping("service")!.Scalar("name"),
            path.Mapping("backend")!.Mapping("service")!.Mapping("port")!.Scalar("name")));
        Assert.All(new[] { "proxy-read-timeout", "proxy-send-timeout" },
            timeout => Assert.True(int.Parse(annotations[$"nginx.ingress.kubernetes.io/{timeout}"], CultureInfo.InvariantCulture) >= 3600, timeout));
        Assert.Equal("2", Workload("gateway").Mapping("spec")!.Scalar("replicas"));
        Assert.Equal("1", Named("PodDisruptionBudget", "gateway").Mapping("spec")!.Scalar("minAvailable"));
    }

    [Theory]
    [InlineData("mosquitto")]
    [InlineData("coturn")]
    public void The_broker_and_turn_server_run_from_composes_files_unchanged(string server)
    {
        var copies = Directory.GetFiles(Repository.PathOf($"{Base}/{server}")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var originals = Directory.GetFiles(Repository.PathOf($"infra/{server}")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var generator = Assert.Single(Kustomization(Base).Sequence("configMapGenerator")!.Children.Cast<YamlMappingNode>(),
            candidate => candidate.Scalar("name") == server);

        Assert.Equal(originals, copies);
        Assert.All(copies, file => Assert.Equal(Repository.Read($"infra/{server}/{file}"), Repository.Read($"{Base}/{server}/{file}")));
        Assert.Equal(copies.Select(file => $"{server}/{file}").Order(StringComparer.Ordinal), generator.Sequence("files").Scalars().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Mosquitto_runs_composes_image_writes_its_password_file_as_compose_does_and_mounts_its_files_where_compose_does()
    {
        var compose = ComposeFile.Instance.Services["mosquitto"];
        var passwordFile = ComposeFile.Instance.Services["mosquitto-password-file"];
        var spec = PodSpec(Workload("mosquitto"));
        var init = (YamlMappingNode)Assert.Single(spec.Sequence("initContainers")!.Children);
        var container = Container(Workload("mosquitto"));

        Assert.Equal(compose.Image, container.Scalar("image"));
        Assert.Equal(passwordFile.Image, init.Scalar("image"));
        Assert.Equal(passwordFile.Entrypoint, init.Sequence("command").Scalars());
        Assert.Equal(passwordFile.Environment.Keys.Order(StringComparer.Ordinal), Environment(init).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(
            compose.Volumes.Select(volume => volume.Target).Order(StringComparer.Ordinal),
            container.Sequence("volumeMounts")!.Children.Cast<YamlMappingNode>().Select(mount => mount.Scalar("mountPath")!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Janus_runs_from_composes_image_recipe_and_script_on_the_nodes_network_with_composes_settings_behind_a_service_for_the_bridge()
    {
        var compose = ComposeFile.Instance.Services["janus"];
        var deployment = Workload("janus");
        var container = Container(deployment);
        var environment = Environment(container);

        Assert.Equal("host", compose.NetworkMode);
        Assert.Equal("true", PodSpec(deployment).Scalar("hostNetwork"));
        Assert.Equal(new ComposeBuild("infra/janus", "Dockerfile"), compose.Build);
        Assert.Equal("hiroba/janus", container.Scalar("image"));
        Assert.Null(container.Sequence("command"));
        Assert.Equal(compose.Environment.Keys.Order(StringComparer.Ordinal), environment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("secret:hiroba/janus-api-secret", environment["JANUS_API_SECRET"]);
        Assert.Equal("8088", environment["JANUS_API_PORT"]);
        // On the node's network the pod's address is the node's: the API listens there.
        Assert.Equal("field:status.podIP", environment["JANUS_API_ADDRESS"]);

        var script = compose.Volumes.Single(volume => volume.Source == "./infra/janus");
        var mount = (YamlMappingNode)Assert.Single(container.Sequence("volumeMounts")!.Children);
        Assert.Equal(script.Target, mount.Scalar("mountPath"));
        Assert.Equal(Repository.Read("infra/janus/start-janus.sh"), Repository.Read($"{Base}/janus/start-janus.sh"));
        var generator = Assert.Single(Kustomization(Base).Sequence("configMapGenerator")!.Children.Cast<YamlMappingNode>(),
            candidate => candidate.Scalar("name") == "janus");
        Assert.Equal(["janus/start-janus.sh"], generator.Sequence("files").Scalars());

        var bridge = Environment(Container(Workload("camera-bridge")));
        var service = Named("Service", "janus").Mapping("spec")!;
        var port = (YamlMappingNode)Assert.Single(service.Sequence("ports")!.Children);
        Assert.Equal($"http://janus:{port.Scalar("port")}/janus", bridge["Cameras__Janus__Url"]);
        Assert.Equal(environment["JANUS_API_PORT"], port.Scalar("port"));
        Assert.Equal(environment["JANUS_API_SECRET"], bridge["Cameras__Janus__ApiSecret"]);
    }

    [Fact]
    public void Coturn_runs_composes_image_and_entrypoint_on_the_nodes_network_with_composes_settings()
    {
        var compose = ComposeFile.Instance.Services["coturn"];
        var deployment = Workload("coturn");
        var container = Container(deployment);

        Assert.Equal("host", compose.NetworkMode);
        Assert.Equal("true", PodSpec(deployment).Scalar("hostNetwork"));
        Assert.Equal(compose.Image, container.Scalar("image"));
        Assert.Equal(compose.Entrypoint, container.Sequence("command").Scalars());
        Assert.Equal(compose.Environment.Keys.Order(StringComparer.Ordinal), Environment(container).Keys.Order(StringComparer.Ordinal));
    }

    /// <remarks>kubernetes-models (npm) checks each object's shape against the Kubernetes API's JSON schemas, as the API
    /// server would; Dapr's custom resources are outside those schemas and checked against compose's files above.</remarks>
    [Fact]
    public async Task Every_kubernetes_object_is_valid_against_the_kubernetes_apis_schemas()
    {
        var files = Kustomization(Base).Sequence("resources").Scalars().Select(file => Repository.PathOf($"{Base}/{file}"));
        var script = Repository.PathOf("tests/Deployment.Tests/web/validate-manifests.mjs");

        var result = await Hiroba.TestSupport.CommandLineTool.RunAsync("node", [script, .. files], TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.OutputText);
        var checkedObjects = result.Output.Where(line => line.StartsWith("valid ", StringComparison.Ordinal)).ToArray();
        var builtIn = Resources.Where(resource => !resource.Scalar("apiVersion")!.StartsWith("dapr.io/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(builtIn.Length, checkedObjects.Length);
        Assert.All(result.Output.Where(line => line.StartsWith("skipped ", StringComparison.Ordinal)),
            line => Assert.StartsWith("skipped dapr.io/", line, StringComparison.Ordinal));
    }

    private static (string? Path, string? Port) Probe(YamlMappingNode container, string probe)
    {
        var get = container.Mapping(probe)!.Mapping("httpGet")!;
        return (get.Scalar("path"), get.Scalar("port"));
    }

    private static string Spec(YamlMappingNode resource) => Canonical(resource.Mapping("spec")!);

    /// <summary>The broker component's settings but its URL, which each side reads from its own secret store.</summary>
    private static string[] BrokerSettings(YamlMappingNode component) =>
        [.. component.Mapping("spec")!.Sequence("metadata")!.Children.Cast<YamlMappingNode>()
            .Where(item => item.Scalar("name") != "url")
            .Select(Canonical)];

    /// <summary>The node as text with its mappings' keys in order, so that equal settings compare equal.</summary>
    private static string Canonical(YamlNode node) => node switch
    {
        YamlMappingNode mapping => "{" + string.Join(", ", mapping.Entries().OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => $"{entry.Key}: {Canonical(entry.Value)}")) + "}",
        YamlSequenceNode sequence => "[" + string.Join(", ", sequence.Children.Select(Canonical)) + "]",
        YamlScalarNode scalar => scalar.Value ?? "",
        _ => throw new InvalidDataException($"Unexpected YAML node {node.NodeType}."),
    };

    /// <summary>The keys and values of an overlay's env file's committed example (<c>secrets.env.example</c>).</summary>
    private static Dictionary<string, string> ExampleKeys(string envFile) =>
        Repository.Read($"{ExampleOverlay}/{envFile}.example").Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
}
