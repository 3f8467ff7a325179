using Hiroba.Contracts.Signaling;
using Hiroba.Contracts.Snapshots;
using Hiroba.EventBus;
using Hiroba.Rooms.Data;
using Hiroba.Rooms.IntegrationEvents;
using Hiroba.Rooms.Model;
using Hiroba.ServiceDefaults;
using Hiroba.Turn;

namespace Hiroba.Rooms.Extensions;

public static class ApplicationServiceExtensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<RoomsOptions>(RoomsOptions.SectionName);
        services.AddValidatedOptions<DataOptions>(DataOptions.SectionName);
        services.AddSingleton(TimeProvider.System);
        services.AddIceServers();

        services.AddSingleton<RoomsDatabase>();
        services.AddSingleton<RoomRepository>();
        services.AddSingleton<PresenceRepository>();
        services.AddSingleton<ScreenActivityRepository>();
        services.AddSingleton<SyncAnswerLog>();
        services.AddSingleton<RoomAnnouncer>();
        // Creates the schema before anything else runs, then announces the open rooms.
        services.AddHostedService<RoomsStartup>();

        builder.AddEventBus()
            .AddSubscription<PeerJoinedIntegrationEvent, PeerJoinedIntegrationEventHandler>()
            .AddSubscription<PeerLeftIntegrationEvent, PeerLeftIntegrationEventHandler>()
            .AddSubscription<RoomSyncRequestedIntegrationEvent, RoomSyncRequestedIntegrationEventHandler>()
            .AddSubscription<SnapshotIngestedIntegrationEvent, SnapshotIngestedIntegrationEventHandler>()
            .AddSubscription<GuestRemovedIntegrationEvent, GuestRemovedIntegrationEventHandler>();
        return builder;
    }
}
