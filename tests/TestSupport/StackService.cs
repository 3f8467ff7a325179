using Hiroba.AppHost;

namespace Hiroba.TestSupport;

/// <summary>A service of a <see cref="HirobaStack"/>: a resource of the started model.</summary>
public sealed class StackService
{
    private readonly StartedModel _model;
    private readonly HirobaService _service;

    internal StackService(StartedModel model, HirobaService service) => (_model, _service) = (model, service);

    /// <summary>Its own loopback address (the gateway's: its plain HTTP one).</summary>
    public Uri BaseUri => _model.ServiceUri(_service);

    /// <summary>The last lines it wrote, oldest first.</summary>
    public IReadOnlyList<string> RecentOutput => _model.RecentOutput(_service.ResourceName);

    public HttpClient CreateClient() => new() { BaseAddress = BaseUri };

    /// <summary>Stops it with SIGTERM and waits until it has exited.</summary>
    /// <returns>Its exit code (0 after a clean shutdown; -1 when DCP learned none).</returns>
    public async Task<int> StopAsync(CancellationToken cancellationToken = default) =>
        await _model.StopAsync(_service.ResourceName, cancellationToken) ?? -1;

    /// <summary>Starts it again, on the same port with the same settings, and waits until it is healthy.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => _model.StartAgainAsync(_service.ResourceName, cancellationToken);

    /// <summary>The process it runs now.</summary>
    public Task<int> ProcessIdAsync(CancellationToken cancellationToken = default) => _model.ProcessIdAsync(_service.ResourceName, cancellationToken);
}
