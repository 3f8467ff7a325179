using Hiroba.Contracts.Signaling;
using Hiroba.Contracts.Snapshots;
using Hiroba.EventBus;
using Hiroba.EventBus.Publishing;
using Hiroba.PostgreSql;
using Hiroba.Rooms.Data;
using Hiroba.Rooms.Data.PostgreSql;
using Hiroba.Rooms.Data.Sqlite;
using Hiroba.Rooms.IntegrationEvents;
using Hiroba.Rooms.Model;
using Hiroba.Resilience;
using Hiroba.ServiceDefaults;
using Hiroba.Turn;

namespace Hiroba.Rooms.Extensions;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<RoomsOptions>(RoomsOptions.SectionName);
        services.AddValidatedOptions<RoomsStorageOptions>(RoomsStorageOptions.SectionName);
        services.AddSingleton(TimeProvider.System);
        services.AddIceServers();

        if (builder.Configuration.GetSection(RoomsStorageOptions.SectionName).Get<RoomsStorageOptions>()?.Provider == StorageProvider.PostgreSql)
        {
            services.AddSingleton<RoomsPostgresDatabase>();
            services.AddSingleton<IRoomsDatabase>(provider => provider.GetRequiredService<RoomsPostgresDatabase>());
            services.AddSingleton<IRoomRepository, PostgresRoomRepository>();
            services.AddSingleton<IPresenceRepository, PostgresPresenceRepository>();
            services.AddSingleton<IScreenActivityRepository, PostgresScreenActivityRepository>();
        }
        else
        {
            services.AddValidatedOptions<DataOptions>(DataOptions.SectionName);
            services.AddSingleton<RoomsDatabase>();
            services.AddSingleton<IRoomsDatabase>(provider => provider.GetRequiredService<RoomsDatabase>());
            services.AddSingleton<IRoomRepository, SqliteRoomRepository>();
            services.AddSingleton<IPresenceRepository, SqlitePresenceRepository>();
            services.AddSingleton<IScreenActivityRepository, SqliteScreenActivityRepository>();
        }
        services.AddSingleton<SyncAnswerLog>();
        services.AddSingleton<RoomAnnouncer>();
        // Creates the schema before anything else runs, then announces the open rooms.
        services.AddHostedService<ServiceStartup>();

        builder.AddEventBus()
            .AddSubscription<PeerJoinedIntegrationEvent, PeerJoinedIntegrationEventHandler>()
            .AddSubscription<PeerLeftIntegrationEvent, PeerLeftIntegrationEventHandler>()
            .AddSubscription<RoomSyncRequestedIntegrationEvent, RoomSyncRequestHandler<RoomSyncRequestedIntegrationEvent>>()
            .AddSubscription<SnapshotsRoomSyncRequestedIntegrationEvent, RoomSyncRequestHandler<SnapshotsRoomSyncRequestedIntegrationEvent>>()
            .AddSubscription<SnapshotIngestedIntegrationEvent, SnapshotIngestedIntegrationEventHandler>()
            .AddSubscription<GuestRemovedIntegrationEvent, GuestRemovedIntegrationEventHandler>()
            .PublishBestEffort(new BestEffortDelivery
            {
                // In order (a sync answer's marker after its rooms), each retried until the broker takes it. A full queue
                // turns an announcement away, which leaves a sync answer incomplete, so Signaling asks again.
                Capacity = 100_000,
                WhenFull = QueueFullMode.DropNewest,
                Publishers = 1,
                Retry = new ExponentialBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5), Jitter: true),
            });
        return builder;
    }
}
