using Hiroba.LocalComponents;
using Microsoft.Extensions.DependencyInjection;

namespace Hiroba.AppHost;

/// <summary>
/// The model of Hiroba started in this process, as tests and benchmarks run it: the same <see cref="HirobaModel.AddHiroba"/>
/// as ./run, through DCP, without a dashboard and without restarts (a test sees a crash as it happened). It keeps each
/// resource's recent output, and stops and starts a single service the way ./run's supervisor does.
/// </summary>
internal sealed class StartedModel : IAsyncDisposable
{
    private const int KeptLines = 4000;
    private const int LinesShownOnFailure = 40;
    private static readonly TimeSpan HealthyTimeout = TimeSpan.FromSeconds(120);

    private readonly DistributedApplication _app;
    private readonly HirobaModelOptions _options;
    private readonly HirobaResources _resources;
    private readonly Dictionary<string, OutputBuffer> _output;
    private readonly CancellationTokenSource _stopping = new();
    private Task _reading = Task.CompletedTask;

    private StartedModel(DistributedApplication app, HirobaModelOptions options, HirobaResources resources)
    {
        (_app, _options, _resources) = (app, options, resources);
        _output = resources.All.ToDictionary(resource => resource.Name, _ => new OutputBuffer(KeptLines));
    }

    /// <summary>Starts the model and returns once every resource is healthy.</summary>
    /// <exception cref="InvalidOperationException">A resource did not become healthy; the message holds its last output.</exception>
    public static async Task<StartedModel> StartAsync(HirobaModelOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            // Where DCP is comes from the app host's assembly, not the test's.
            AssemblyName = typeof(HirobaModel).Assembly.GetName().Name,
            // Stopping waits until DCP has stopped every process, so nothing outlives the test.
            Args = ["--DcpPublisher:WaitForResourceCleanup=true"],
            DisableDashboard = true,
        });
        builder.WithWarningsOnly();
        var resources = builder.AddHiroba(options);
        var model = new StartedModel(builder.Build(), options, resources);
        try
        {
            await model._app.StartAsync(cancellationToken);
            // Watched once started: a watch begun before the start did not always get the resource's lines.
            model._reading = Task.WhenAll(resources.All.Select(model.ReadOutputAsync));
            await model.WaitUntilHealthyAsync(cancellationToken);
            return model;
        }
        catch
        {
            await model.DisposeAsync();
            throw;
        }
    }

    /// <summary>Where the service listens on loopback: a backend's own port, or the gateway's plain HTTP one.</summary>
    public Uri ServiceUri(HirobaService service) =>
        service == HirobaService.Gateway ? _options.Endpoint.HostUrl : _resources.Backends[service];

    /// <summary>Where each process of a backend listens on loopback (one, unless it runs as several), the first one first.</summary>
    public IReadOnlyList<Uri> ReplicaUris(HirobaService service) => _resources.Replicas[service];

    /// <summary>The last lines the resource wrote (stdout and stderr), oldest first.</summary>
    public IReadOnlyList<string> RecentOutput(string resourceName) => _output[resourceName].Snapshot();

    /// <summary>The process the resource runs now.</summary>
    public async Task<int> ProcessIdAsync(string resourceName, CancellationToken cancellationToken)
    {
        var running = await Notifications.WaitForResourceAsync(
            resourceName, update => update.Snapshot.State?.Text == KnownResourceStates.Running && AspireResourceProcess.ProcessIdOf(update) is not null,
            cancellationToken);
        return AspireResourceProcess.ProcessIdOf(running)!.Value;
    }

    /// <summary>Stops the resource's process (SIGTERM, as ./run's stop) and waits until it has exited.</summary>
    /// <returns>Its exit code; null when DCP did not learn one.</returns>
    public async Task<int?> StopAsync(string resourceName, CancellationToken cancellationToken)
    {
        var resource = Resource(resourceName);
        var result = await Commands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Could not stop {resourceName}: {result.Message}");
        }
        return await Process(resource).WaitForExitAsync(cancellationToken);
    }

    /// <summary>Starts a stopped resource again, with the same settings and ports, and waits until it is healthy.</summary>
    public async Task StartAgainAsync(string resourceName, CancellationToken cancellationToken)
    {
        await Process(Resource(resourceName)).RestartAsync(cancellationToken);
        await WaitUntilHealthyAsync([resourceName], cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _stopping.CancelAsync();
            await _reading;
            await _app.DisposeAsync();
            _stopping.Dispose();
        }
    }

    private ResourceNotificationService Notifications => _app.Services.GetRequiredService<ResourceNotificationService>();

    private ResourceCommandService Commands => _app.Services.GetRequiredService<ResourceCommandService>();

    private IResource Resource(string name) =>
        _resources.All.SingleOrDefault(resource => resource.Name == name) ?? throw new ArgumentException($"The model has no resource {name}.", nameof(name));

    private AspireResourceProcess Process(IResource resource) => new(resource, Notifications, Commands);

    private Task WaitUntilHealthyAsync(CancellationToken cancellationToken) =>
        WaitUntilHealthyAsync([.. _resources.All.Select(resource => resource.Name)], cancellationToken);

    private async Task WaitUntilHealthyAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HealthyTimeout);
        var health = new HealthWaits(Notifications, names, timeout.Token);
        try
        {
            await health.AllHealthy;
        }
        catch (Exception e) when (e is DistributedApplicationException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var failed = health.NotHealthy;
            var output = failed.Select(name =>
                $"--- {name}, last lines:\n{string.Join('\n', RecentOutput(name).TakeLast(LinesShownOnFailure))}");
            throw new InvalidOperationException(
                $"{string.Join(", ", failed)} did not become healthy within {HealthyTimeout.TotalSeconds:0} s ({e.Message})\n{string.Join('\n', output)}", e);
        }
    }

    private async Task ReadOutputAsync(IResource resource)
    {
        var output = _output[resource.Name];
        var logger = _app.Services.GetRequiredService<ResourceLoggerService>();
        try
        {
            await foreach (var lines in logger.WatchAsync(resource).WithCancellation(_stopping.Token))
            {
                foreach (var line in lines)
                {
                    output.Add(line.Content);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The model is stopping.
        }
    }
}
