using Hiroba.Rooms.Data;
using Hiroba.Rooms.Model;

namespace Hiroba.Rooms.Extensions;

/// <summary>
/// Creates the schema before the host accepts requests, then re-announces every open room in the background,
/// for a Signaling instance that started while this service was down.
/// </summary>
public sealed class ServiceStartup(IRoomsDatabase database, RoomAnnouncer announcer) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.InitializeAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => announcer.AnnounceAllOpenAsync(stoppingToken);
}
