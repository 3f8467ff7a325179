using Hiroba.Feed.Storage;

namespace Hiroba.Feed.Extensions;

/// <summary>
/// Opens the database and migrates its schema when the host starts, before the outbox relay and the web server
/// (hosted services start in registration order, and the server last).
/// </summary>
public sealed class ServiceStartup(IFeedDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
