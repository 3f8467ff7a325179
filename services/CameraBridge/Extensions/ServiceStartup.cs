using Hiroba.CameraBridge.Data;
using Hiroba.CameraBridge.Status;

namespace Hiroba.CameraBridge.Extensions;

/// <summary>
/// Opens the database and loads the Ayame presence before the host takes requests; the cameras load when this replica
/// serves them (<see cref="Leadership.BridgeLeadership"/>, which starts next).
/// </summary>
public sealed class ServiceStartup(ICamerasDatabase database, AyamePresence presence) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.InitializeAsync(cancellationToken);
        await presence.LoadAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
