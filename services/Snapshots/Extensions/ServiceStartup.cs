using Hiroba.Snapshots.Storage;
using Hiroba.Snapshots.Wall;

namespace Hiroba.Snapshots.Extensions;

/// <summary>Opens the database, prepares the image folder and loads the walls before the host takes requests.</summary>
public sealed class ServiceStartup(SnapshotsDatabase database, ImageFolder images, WallLoader walls) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.InitializeAsync(cancellationToken);
        images.Prepare();
        await walls.LoadAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
