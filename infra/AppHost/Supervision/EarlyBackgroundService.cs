using Microsoft.Extensions.Hosting;

namespace Hiroba.AppHost;

/// <summary>
/// A background service that begins before any hosted service starts. Aspire's own start lasts until every resource
/// has been created, and the gateway is created only once the services it waits for are healthy: what watches the
/// start, and copies the logs that say why a service failed, must already run by then.
/// </summary>
internal abstract class EarlyBackgroundService : BackgroundService, IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => base.StartAsync(cancellationToken);

    public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
