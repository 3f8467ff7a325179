using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using Hiroba.Deployment.Tests.Broker;
using Hiroba.Deployment.Tests.Files;
using Hiroba.Deployment.Tests.Services;
using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.Deployment.Tests;

/// <summary>Each image's /app started with its compose environment: what `docker compose up` would start.</summary>
[Collection(PublishedImagesCollection.Name)]
public sealed class ContainerAppTests(PublishedImages images) : IDisposable
{
    private static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(30);
    private readonly TemporaryDirectory _volumes = new("compose-volumes");
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(30) };

    // The gateway is healthy only with its destinations: the next test.
    [Theory]
    [MemberData(nameof(ServiceProject.FoldersWithSidecar), MemberType = typeof(ServiceProject))]
    public async Task Starts_with_its_compose_environment_and_passes_its_compose_health_check(string folder)
    {
        var deployment = ServiceDeployment.Of(folder);
        await using var app = await StartAsync(deployment);

        await AssertComposeHealthCheckPassesAsync(deployment, app);
    }

    [Fact]
    public async Task The_gateway_starts_with_its_compose_environment_and_is_healthy_once_every_destination_and_the_broker_run()
    {
        var broker = new ComposeBrokerFixture();
        await broker.InitializeAsync();
        var backends = ServiceDeployment.All.Where(deployment => deployment.Project.NeedsDaprSidecar).Select(StartAsync).ToArray();
        try
        {
            // Container names become the local addresses of what runs here.
            var localAddresses = (await Task.WhenAll(backends)).ToDictionary(backend => backend.Name, backend => backend.BaseUri.ToString());
            var settings = GatewayDestination.All.ToDictionary(destination => destination.Setting, destination => localAddresses[destination.Address.Host]);
            var webSockets = MosquittoConfig.Load().Listener("websockets").Port;
            settings["Gateway__Mqtt__Broker"] = $"ws://127.0.0.1:{broker.Broker.LocalPort(webSockets)}/";
            var gateway = ServiceDeployment.Of("Gateway");
            await using var app = await StartAsync(gateway, settings);

            await AssertComposeHealthCheckPassesAsync(gateway, app);
        }
        finally
        {
            foreach (var backend in backends.Where(backend => backend.IsCompletedSuccessfully))
            {
                await (await backend).DisposeAsync();
            }
            await broker.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(ServiceProject.FoldersWithSidecar), MemberType = typeof(ServiceProject))]
    public async Task Subscribes_only_to_contract_topics_that_a_service_publishes_with_their_dead_letter_topics(string folder)
    {
        await using var app = await StartAsync(ServiceDeployment.Of(folder));

        using var subscriptions = JsonDocument.Parse(await _client.GetStringAsync(new Uri(app.BaseUri, "/dapr/subscribe")));

        var contractTopics = ContractTopics.In(images[folder].PublishFolder);
        var publishers = PublishingOwners();
        Assert.Equal(JsonValueKind.Array, subscriptions.RootElement.ValueKind);
        foreach (var subscription in subscriptions.RootElement.EnumerateArray())
        {
            var topic = subscription.GetProperty("topic").GetString()!;
            Assert.Contains(topic, contractTopics);
            Assert.Contains(topic.Split('.')[0], publishers);
            Assert.Equal("pubsub", subscription.GetProperty("pubsubName").GetString());
            Assert.Equal(topic + ".dead-letter", subscription.GetProperty("deadLetterTopic").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(ServiceProject.FoldersWithSidecar), MemberType = typeof(ServiceProject))]
    public async Task Accepts_event_deliveries_only_with_the_sidecars_token(string folder)
    {
        await using var app = await StartAsync(ServiceDeployment.Of(folder));
        using var subscriptions = JsonDocument.Parse(await _client.GetStringAsync(new Uri(app.BaseUri, "/dapr/subscribe")));
        var routes = subscriptions.RootElement.EnumerateArray().Select(subscription => subscription.GetProperty("route").GetString()!).ToArray();

        // Each subscription has a route of its own; a topic the service does not take has none (Feed takes none).
        foreach (var route in routes.DefaultIfEmpty("dapr/events/feed.post-published"))
        {
            using var forged = new StringContent("{}", System.Text.Encoding.UTF8, "application/cloudevents+json");
            using var response = await _client.PostAsync(new Uri(app.BaseUri, "/" + route), forged);

            Assert.Equal(routes.Length == 0 ? HttpStatusCode.NotFound : HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task The_key_ring_task_makes_one_private_key_and_leaves_a_ring_that_has_one_as_it_is()
    {
        var task = ComposeFile.Instance.Services["key-ring"];
        var gateway = ServiceDeployment.Of("Gateway");
        var published = images[gateway.Project.Folder];
        Assert.True(published.ExitCode == 0, $"dotnet publish failed:\n{published.Output}");
        var mountPoint = task.Volumes.Single(mount => mount.Source == "keyring").Target;
        var keyRing = Path.Combine(_volumes.Path, "keyring");
        var environment = task.Environment.ToDictionary(entry => entry.Key, entry => (string?)(entry.Value == mountPoint ? keyRing : entry.Value));

        for (var run = 1; run <= 2; run++)
        {
            // With a container's usual umask (022), which leaves whatever it does not make private readable by all.
            await using var process = ChildProcess.Start(new ChildProcessOptions(
                "key-ring", "/bin/sh", ["-c", "umask 022 && exec \"$0\" \"$@\"", DotnetHost.Path, gateway.Project.AssemblyFile, .. task.Command],
                published.App, environment));
            var exitCode = await process.Exited.WaitAsync(HealthCheckTimeout);
            Assert.True(exitCode == 0, $"run {run} exited with {exitCode}:\n{string.Join('\n', process.RecentOutput)}");
            Assert.Single(Directory.GetFiles(keyRing, "key-*.xml"));
            DataFolderAssertions.AssertPrivate(keyRing);
            Assert.True(Directory.Exists(Path.Combine(keyRing, "revoked-sessions")), "the folder of revoked sessions is there before any service starts");
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _volumes.Dispose();
    }

    private static async Task AssertComposeHealthCheckPassesAsync(ServiceDeployment deployment, ContainerApp app)
    {
        var command = deployment.Service.HealthCheck.Skip(1).Select(argument => argument.Replace(
            $"/dev/tcp/127.0.0.1/{deployment.ListeningPort}", $"/dev/tcp/127.0.0.1/{app.Port}", StringComparison.Ordinal)).ToArray();
        var result = await CommandLineTool.RunAsync(command[0], command[1..], HealthCheckTimeout);

        Assert.True(result.ExitCode == 0, $"the compose health check of {deployment.Service.Name} failed:\n{result.OutputText}");
    }

    private Task<ContainerApp> StartAsync(ServiceDeployment deployment) => StartAsync(deployment, overrides: null);

    private async Task<ContainerApp> StartAsync(ServiceDeployment deployment, IReadOnlyDictionary<string, string>? overrides)
    {
        var published = images[deployment.Project.Folder];
        Assert.True(published.ExitCode == 0, $"dotnet publish failed:\n{published.Output}");
        var app = new ContainerApp(deployment, published.App, _volumes.Path, overrides);
        try
        {
            await app.StartAsync(CancellationToken.None);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>Topic owners (&lt;owner&gt;.&lt;event&gt;) that run a sidecar: the gateway names each service's cluster after its owner.</summary>
    private static HashSet<string> PublishingOwners()
    {
        var withSidecar = ServiceDeployment.All.Where(deployment => deployment.Sidecar is not null).Select(deployment => deployment.Service.Name).ToHashSet();
        return GatewayDestination.All.Where(destination => withSidecar.Contains(destination.Address.Host)).Select(destination => destination.Cluster).ToHashSet();
    }
}
