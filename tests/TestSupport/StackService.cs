using Hiroba.AppHost;

namespace Hiroba.TestSupport;

/// <summary>A service of a <see cref="HirobaStack"/>, or one process of a service that runs as several: a resource of the started model.</summary>
public sealed class StackService
{
    private readonly StartedModel _model;
    private readonly HirobaService _service;
    private readonly int _replica;
    private readonly string _resourceName;

    /// <param name="replica">Which of its processes (from 1), when it runs as several.</param>
    internal StackService(StartedModel model, HirobaService service, int replica = 1) =>
        (_model, _service, _replica, _resourceName) = (model, service, replica, service.ReplicaResourceName(replica));

    /// <summary>Its own loopback address (the gateway's: its plain HTTP one).</summary>
    public Uri BaseUri => _service == HirobaService.Gateway ? _model.ServiceUri(_service) : _model.ReplicaUris(_service)[_replica - 1];

    /// <summary>The last lines it wrote, oldest first.</summary>
    public IReadOnlyList<string> RecentOutput => _model.RecentOutput(_resourceName);

    public HttpClient CreateClient() => new() { BaseAddress = BaseUri };

    /// <summary>Stops it with SIGTERM and waits until it has exited.</summary>
    /// <returns>Its exit code (0 after a clean shutdown; -1 when DCP learned none).</returns>
    public async Task<int> StopAsync(CancellationToken cancellationToken = default) =>
        await _model.StopAsync(_resourceName, cancellationToken) ?? -1;

    /// <summary>Starts it again, on the same port with the same settings, and waits until it is healthy.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => _model.StartAgainAsync(_resourceName, cancellationToken);

    /// <summary>Whether it answers its liveness check (<c>/healthz</c>) now.</summary>
    public async Task<bool> IsAliveAsync()
    {
        using var client = CreateClient();
        using var response = await client.GetAsync("/healthz").ContinueWith(
            sent => sent.IsCompletedSuccessfully ? sent.Result : null, TaskScheduler.Default);
        return response?.StatusCode == System.Net.HttpStatusCode.OK;
    }

    /// <summary>The process it runs now.</summary>
    public Task<int> ProcessIdAsync(CancellationToken cancellationToken = default) => _model.ProcessIdAsync(_resourceName, cancellationToken);

    /// <summary>SIGKILL: it ends at once, with no shutdown of its own (a crash, a node that vanished).</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        using var process = System.Diagnostics.Process.GetProcessById(await ProcessIdAsync(cancellationToken));
        process.Kill();
        await process.WaitForExitAsync(cancellationToken);
    }
}
