using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Reflection;
using Hiroba.LocalComponents;
using Hiroba.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hiroba.AppHost;

/// <summary>
/// Hiroba as an Aspire model, the one description of what runs: mosquitto, coturn and Janus (started here, or given as
/// running endpoints), the five backends and the gateway, each with its settings, on loopback ports chosen up front.
/// Every endpoint is the process's own (no DCP proxy in between), on the address the service binds.
/// </summary>
internal static class HirobaModel
{
    /// <summary>Aspire's setting for where the dashboard takes OTLP; services export telemetry only when it is set.</summary>
    public const string OtlpEndpointSetting = "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL";
    private const string HealthPath = "/healthz";
    private static readonly string BuildConfiguration =
        typeof(HirobaModel).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
    private const string HttpEndpoint = "http";

    public static HirobaResources AddHiroba(this IDistributedApplicationBuilder builder, HirobaModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Settings;
        var configuration = new ServiceConfiguration(
            settings, options.Secrets, options.Broker, options.Turn, options.Media, options.Endpoint, options.Certificate);
        var mosquitto = options.Servers is { } broker ? builder.AddMosquitto(broker) : null;
        var coturn = options.Servers is { } turn ? builder.AddCoturn(turn) : null;
        // Only the camera bridge talks to Janus.
        var janus = options.Servers is { Janus: { } janusOptions, Media: { } media } && options.Services.Contains(HirobaService.CameraBridge)
            ? builder.AddJanus(janusOptions, media)
            : null;

        // Made once before anything starts (and private): services started together on an empty ring would each make a key of their own.
        builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            SharedKeyRing.EnsureCreated(configuration.KeyRingPath);
            foreach (var service in options.Services.Where(HirobaService.Backends.Contains))
            {
                for (var replica = 1; replica <= options.ReplicasOf(service); replica++)
                {
                    PrivateFiles.CreateFolder(Path.Combine(settings.DataPath, service.ReplicaDataFolderName(replica)));
                }
            }
            return Task.CompletedTask;
        });

        var replicas = HirobaService.Backends.Where(options.Services.Contains).ToDictionary(
            service => service,
            IReadOnlyList<Uri> (service) => [.. Enumerable.Range(0, options.ReplicasOf(service)).Select(_ => new Uri($"http://127.0.0.1:{FreePorts.Tcp()}"))]);
        // The first process of each: where one service's settings name another.
        var backends = replicas.ToDictionary(service => service.Key, service => service.Value[0]);
        var services = new Dictionary<HirobaService, IResourceBuilder<ExecutableResource>>();
        var moreReplicas = new List<IResourceBuilder<ExecutableResource>>();
        foreach (var (service, addresses) in replicas)
        {
            for (var replica = 1; replica <= addresses.Count; replica++)
            {
                var serviceSettings = configuration.ForBackend(service, backends);
                if (addresses.Count > 1)
                {
                    var database = options.Database ?? throw new ArgumentException(
                        $"{addresses.Count} processes of {service.Name} need a database to share.", nameof(options));
                    foreach (var (key, value) in configuration.ForReplica(service, replica, database))
                    {
                        serviceSettings[key] = value;
                    }
                }
                var resource = builder.AddService(
                    service, service.ReplicaResourceName(replica), addresses[replica - 1].Port, Overridden(serviceSettings, service, options));
                resource.WaitForIfStarted(mosquitto);
                if (ServiceConfiguration.UsesTurn(service))
                {
                    resource.WaitForIfStarted(coturn);
                }
                if (service == HirobaService.CameraBridge)
                {
                    resource.WaitForIfStarted(janus);
                }
                if (replica == 1)
                {
                    services[service] = resource;
                }
                else
                {
                    moreReplicas.Add(resource);
                }
            }
        }
        if (options.Services.Contains(HirobaService.Gateway))
        {
            var listeners = options.Endpoint.NetworkListeners.Select(listener => listener.Url).ToArray();
            var gateway = builder.AddService(
                HirobaService.Gateway, HirobaService.Gateway.ResourceName, options.Endpoint.HttpPort,
                Overridden(configuration.ForGateway(replicas, options.AbsentBackends), HirobaService.Gateway, options), listeners);
            foreach (var (listener, index) in listeners.Select((listener, index) => (listener, index)))
            {
                gateway.WithEndpoint(listener.Port, listener.Port, listener.Scheme, $"{listener.Scheme}-network-{index}", isProxied: false)
                    .WithEndpoint($"{listener.Scheme}-network-{index}", endpoint => endpoint.TargetHost = listener.Host);
            }
            gateway.WaitForIfStarted(mosquitto);
            services[HirobaService.Gateway] = gateway;
        }
        return new HirobaResources(mosquitto, coturn, janus, services, backends) { MoreReplicas = moreReplicas, Replicas = replicas };
    }

    private static IResourceBuilder<ExecutableResource> AddService(
        this IDistributedApplicationBuilder builder, HirobaService service, string resourceName, int port,
        IReadOnlyDictionary<string, string?> settings, IEnumerable<Uri>? networkUrls = null)
    {
        var loopback = new Uri($"http://127.0.0.1:{port}");
        var resource = BuiltService(builder, service, resourceName)
            .WithHttpEndpoint(port, port, HttpEndpoint, isProxied: false)
            .WithEndpoint(HttpEndpoint, endpoint => endpoint.TargetHost = IPAddress.Loopback.ToString())
            .WithHttpHealthCheck(HealthPath, endpointName: HttpEndpoint)
            .WithEnvironment("DOTNET_NOLOGO", "1")
            // Addresses come from the model alone, never from an inherited variable.
            .WithEnvironment("ASPNETCORE_URLS", string.Join(';', new[] { loopback }.Concat(networkUrls ?? []).Select(url => url.ToString().TrimEnd('/'))))
            .WithEnvironment("ASPNETCORE_HTTP_PORTS", "")
            .WithEnvironment("ASPNETCORE_HTTPS_PORTS", "");
        // Aspire names its default OTLP address even without a dashboard, where nothing would listen; a test or a
        // benchmark that receives telemetry itself names its receiver in the service's settings.
        if (builder.Configuration[OtlpEndpointSetting] is { Length: > 0 })
        {
            resource.WithOtlpExporter();
        }
        foreach (var (key, value) in settings.Where(setting => setting.Value is not null))
        {
            resource.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
        }
        return resource;
    }

    /// <summary>
    /// The service's build output (the app host's own configuration, which ./run built) run as <c>dotnet Hiroba.X.dll</c>
    /// from its project folder. Aspire's project resources go through <c>dotnet run</c>, a second process per service
    /// that here took a third of the start-up time and 130 MB each (docs/local-run.md).
    /// </summary>
    private static IResourceBuilder<ExecutableResource> BuiltService(IDistributedApplicationBuilder builder, HirobaService service, string resourceName)
    {
        IProjectMetadata project = service.Name switch
        {
            "Feed" => new Projects.Feed(),
            "Rooms" => new Projects.Rooms(),
            "Signaling" => new Projects.Signaling(),
            "Snapshots" => new Projects.Snapshots(),
            "CameraBridge" => new Projects.CameraBridge(),
            "Gateway" => new Projects.Gateway(),
            _ => throw new ArgumentException($"No project for {service.Name}.", nameof(service)),
        };
        var folder = Path.GetDirectoryName(project.ProjectPath)!;
        var assembly = Path.Combine(folder, "bin", BuildConfiguration, "net10.0", $"Hiroba.{service.Name}.dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"{assembly} does not exist; build infra/AppHost/run.slnf with -c {BuildConfiguration} first.", assembly);
        }
        return builder.AddExecutable(resourceName, DotnetHost.Path, folder, assembly);
    }

    private static IResourceBuilder<ExecutableResource> AddMosquitto(this IDistributedApplicationBuilder builder, LocalServers servers)
    {
        var (options, broker) = (servers.Mosquitto, servers.Broker);
        var mosquitto = builder.AddExecutable(
                "mosquitto", ExecutablePath.Find("mosquitto"), options.Directory, "-c", Path.Combine(options.Directory, MosquittoConfiguration.ConfigFileName))
            .WithEndpoint(broker.Port, broker.Port, "tcp", "mqtt", isProxied: false)
            .WithEndpoint(broker.WebSocketPort, broker.WebSocketPort, "tcp", "websockets", isProxied: false);
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(mosquitto.Resource, (_, cancellationToken) =>
            MosquittoConfiguration.WriteAsync(options, broker.Port, broker.WebSocketPort, cancellationToken));
        return mosquitto.WithReadinessCheck(builder, "mosquitto-listens", async cancellationToken =>
            await ReadinessProbes.TcpAcceptsAsync(broker.Port, cancellationToken)
            && await ReadinessProbes.TcpAcceptsAsync(broker.WebSocketPort, cancellationToken));
    }

    private static IResourceBuilder<ExecutableResource> AddCoturn(this IDistributedApplicationBuilder builder, LocalServers servers)
    {
        var (options, turn) = (servers.Coturn, servers.Turn);
        var coturn = builder.AddExecutable(
                "coturn", ExecutablePath.Find("turnserver"), options.Directory, "-c", Path.Combine(options.Directory, CoturnConfiguration.ConfigFileName))
            .WithEndpoint(turn.Port, turn.Port, "tcp", "turn", isProxied: false)
            .WithEndpoint("turn", endpoint => endpoint.TargetHost = turn.Host);
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(coturn.Resource, async (_, cancellationToken) =>
            await CoturnConfiguration.WriteAsync(options, turn.Port, turn.RelayPorts, cancellationToken));
        var address = IPAddress.Parse(turn.Host);
        return coturn.WithReadinessCheck(builder, "coturn-answers-stun", async cancellationToken =>
            await ReadinessProbes.TcpAcceptsAsync(address, turn.Port, cancellationToken)
            && await ReadinessProbes.StunAnswersAsync(address, turn.Port, cancellationToken));
    }

    private static IResourceBuilder<ExecutableResource> AddJanus(this IDistributedApplicationBuilder builder, JanusOptions options, MediaServer media)
    {
        var janus = builder.AddExecutable("janus", ExecutablePath.Find("janus"), options.Directory, [.. JanusConfiguration.Arguments(options.Directory)])
            .WithEndpoint(media.ApiUrl.Port, media.ApiUrl.Port, "http", "api", isProxied: false);
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(janus.Resource, async (_, cancellationToken) =>
            await JanusConfiguration.WriteAsync(options, media.ApiUrl.Port, media.MediaPorts, cancellationToken));
        return janus.WithReadinessCheck(builder, "janus-answers", cancellationToken => ReadinessProbes.JanusAnswersAsync(media.ApiUrl, cancellationToken));
    }

    private static IResourceBuilder<ExecutableResource> WithReadinessCheck(
        this IResourceBuilder<ExecutableResource> resource, IDistributedApplicationBuilder builder, string name, Func<CancellationToken, Task<bool>> probe)
    {
        builder.Services.AddHealthChecks().AddAsyncCheck(name, async cancellationToken =>
            await probe(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{resource.Resource.Name} does not answer yet"));
        return resource.WithHealthCheck(name);
    }

    /// <remarks>
    /// Aspire's default wait outlasts a server that exits before it is healthy and holds the whole start with it, so
    /// nothing would say which process failed; giving up lets the start fail and name it (RunWatch).
    /// </remarks>
    private static void WaitForIfStarted(this IResourceBuilder<ExecutableResource> service, IResourceBuilder<ExecutableResource>? server)
    {
        if (server is not null)
        {
            service.WaitFor(server, WaitBehavior.StopOnResourceUnavailable);
        }
    }

    private static Dictionary<string, string?> Overridden(Dictionary<string, string?> settings, HirobaService service, HirobaModelOptions options)
    {
        foreach (var (key, value) in options.Overrides.GetValueOrDefault(service) ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }
        return settings;
    }
}

/// <summary>The resources of the model, for whoever runs it (./run's terminal, a test).</summary>
/// <param name="Services">Each service's (first) process.</param>
/// <param name="Backends">Where each backend's first process listens on loopback.</param>
internal sealed record HirobaResources(
    IResourceBuilder<ExecutableResource>? Mosquitto,
    IResourceBuilder<ExecutableResource>? Coturn,
    IResourceBuilder<ExecutableResource>? Janus,
    IReadOnlyDictionary<HirobaService, IResourceBuilder<ExecutableResource>> Services,
    IReadOnlyDictionary<HirobaService, Uri> Backends)
{
    /// <summary>The second and later processes of the services that run as several (HIROBA_REPLICAS).</summary>
    public IReadOnlyList<IResourceBuilder<ExecutableResource>> MoreReplicas { get; init; } = [];

    /// <summary>Where each process of each backend listens on loopback, the first one first.</summary>
    public IReadOnlyDictionary<HirobaService, IReadOnlyList<Uri>> Replicas { get; init; } = new Dictionary<HirobaService, IReadOnlyList<Uri>>();

    public IEnumerable<IResource> All =>
        [.. new[] { Mosquitto, Coturn, Janus }.OfType<IResourceBuilder<ExecutableResource>>().Select(server => server.Resource),
            .. Services.Values.Select(service => service.Resource), .. MoreReplicas.Select(replica => replica.Resource)];
}
