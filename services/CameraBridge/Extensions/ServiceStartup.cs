using Hiroba.CameraBridge.Cameras;
using Hiroba.CameraBridge.Data;
using Hiroba.CameraBridge.Status;

namespace Hiroba.CameraBridge.Extensions;

/// <summary>Opens the database and loads the cameras and the Ayame presence before the host takes requests.</summary>
public sealed class ServiceStartup(CameraDatabase database, CameraRegistry registry, AyamePresence presence) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.InitializeAsync(cancellationToken);
        await presence.LoadAsync(cancellationToken);
        await registry.LoadAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
