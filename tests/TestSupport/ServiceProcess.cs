using System.Reflection;
using Hiroba.LocalComponents;

namespace Hiroba.TestSupport;

/// <summary>
/// A built service (same build configuration as the tests) run as a child process on a free loopback port, with its
/// folder as content root; started once <c>GET /healthz</c> answers 200, stopped with SIGTERM.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly string BuildConfiguration =
        typeof(ServiceProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private readonly DotnetService _service;

    private ServiceProcess(DotnetService service) => _service = service;

    public Uri BaseUri => _service.BaseUri;

    public IReadOnlyList<string> RecentOutput => _service.RecentOutput;

    /// <summary>The process it runs now.</summary>
    public int ProcessId => _service.Process?.Id ?? throw new InvalidOperationException("It has not started.");

    /// <param name="serviceName">The folder under <c>services/</c>, e.g. <c>Feed</c>.</param>
    /// <param name="configuration">Configuration keys (<c>EventBus:Mqtt:Port</c> etc.).</param>
    /// <param name="port">Port on 127.0.0.1; 0 picks a free one.</param>
    /// <param name="additionalUrls">More addresses to listen on, e.g. <c>https://127.0.0.1:8443</c>.</param>
    public static async Task<ServiceProcess> StartAsync(
        string serviceName, IReadOnlyDictionary<string, string?>? configuration = null,
        string? environmentName = null, int port = 0, IReadOnlyList<string>? additionalUrls = null,
        CancellationToken cancellationToken = default)
    {
        var service = new DotnetService(new DotnetServiceOptions(
            RepositoryRoot.Find(), serviceName, BuildConfiguration, port, configuration, environmentName,
            AdditionalUrls: additionalUrls));
        await service.StartAsync(cancellationToken);
        return new ServiceProcess(service);
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseUri };

    /// <returns>The exit code (0 after a clean SIGTERM shutdown).</returns>
    public async Task<int> StopAsync() => await _service.StopAsync() ?? 0;

    /// <summary>SIGKILL: it ends at once, with no shutdown of its own (as a crash, or a node that vanished).</summary>
    public async Task KillAsync()
    {
        if (_service.Process is { HasExited: false } process)
        {
            using (var running = System.Diagnostics.Process.GetProcessById(process.Id))
            {
                running.Kill(entireProcessTree: true);
            }
            await process.Exited;
        }
    }

    /// <summary>Starts it again on the same port with the same configuration.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => _service.StartAsync(cancellationToken);

    public ValueTask DisposeAsync() => _service.DisposeAsync();
}
