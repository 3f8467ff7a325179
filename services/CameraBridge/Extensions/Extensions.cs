using Hiroba.CameraBridge.Cameras;
using Hiroba.CameraBridge.Data;
using Hiroba.CameraBridge.Data.PostgreSql;
using Hiroba.CameraBridge.Data.Sqlite;
using Hiroba.CameraBridge.IntegrationEvents;
using Hiroba.CameraBridge.Janus;
using Hiroba.CameraBridge.Leadership;
using Hiroba.CameraBridge.Sharing;
using Hiroba.CameraBridge.Status;
using Hiroba.CameraBridge.Viewing;
using Hiroba.Contracts.Signaling;
using Hiroba.EventBus;
using Hiroba.EventBus.Publishing;
using Hiroba.PostgreSql;
using Hiroba.Resilience;
using Hiroba.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Extensions;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<CamerasOptions>(CamerasOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CamerasOptions>, CamerasOptionsValidator>());
        services.AddValidatedOptions<StatusOptions>(StatusOptions.SectionName);
        services.AddValidatedOptions<ViewingOptions>(ViewingOptions.SectionName);
        services.AddValidatedOptions<CamerasStorageOptions>(CamerasStorageOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<SignalingKeyProtector>();
        builder.AddStorage();
        services.AddSingleton<CameraRegistry>();
        services.AddSingleton<AyamePresence>();
        services.AddSingleton<ViewerLeases>();
        services.AddSingleton<CameraStatusBoard>();
        services.AddSingleton<CameraViewing>();
        services.AddJanus();
        services.AddValidatedOptions<SharingOptions>(SharingOptions.SectionName);
        services.AddSingleton<CameraPublications>();
        services.AddSingleton<SharedViewing>();
        // Loads the presence before anything else runs, then the cameras if this replica serves them; then probing and
        // status publishing start.
        services.AddHostedService<ServiceStartup>();
        services.AddSingleton<BridgeLeadership>();
        services.AddHostedService(provider => provider.GetRequiredService<BridgeLeadership>());
        services.AddHealthChecks().AddCheck<LeadershipHealthCheck>("leader", HealthStatus.Degraded, [LeadershipHealthCheck.Tag]);
        services.AddSingleton<P2pCameraProber>();
        services.AddHostedService(provider => provider.GetRequiredService<P2pCameraProber>());
        services.AddHostedService<CameraStatusRelay>();
        services.AddSingleton<CameraStatusFeed>();
        services.AddHostedService(provider => provider.GetRequiredService<CameraStatusFeed>());

        builder.AddEventBus()
            .AddSubscription<PeerJoinedIntegrationEvent, PeerJoinedIntegrationEventHandler>()
            .AddSubscription<PeerLeftIntegrationEvent, PeerLeftIntegrationEventHandler>()
            .AddSubscription<RoomSyncRequestedIntegrationEvent, RoomSyncRequestedIntegrationEventHandler>()
            .PublishBestEffort(new BestEffortDelivery
            {
                // A camera's changes go out in order, each retried until the broker takes it, so the last one seen is
                // its status now; if the broker stays away the oldest give way to newer ones.
                Capacity = 10_000,
                WhenFull = QueueFullMode.DropOldest,
                Publishers = 1,
                Retry = new ExponentialBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5), Jitter: true),
            });
        return builder;
    }

    /// <summary>
    /// The database of the provider <c>Cameras:Storage:Provider</c> names: SQLite's <c>cameras.db</c> for one replica, or
    /// PostgreSQL for several, whose advisory lock also chooses the one that serves.
    /// </summary>
    private static void AddStorage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (builder.Configuration.GetSection(CamerasStorageOptions.SectionName).Get<CamerasStorageOptions>()?.Provider == StorageProvider.PostgreSql)
        {
            services.AddSingleton<CamerasPostgresDatabase>();
            services.AddSingleton<ICamerasDatabase>(provider => provider.GetRequiredService<CamerasPostgresDatabase>());
            services.AddSingleton<ICameraRepository, PostgresCameraRepository>();
            services.AddSingleton<IAyamePeerRepository, PostgresAyamePeerRepository>();
            services.AddSingleton<ILeaderLease, PostgresLeaderLease>();
        }
        else
        {
            services.AddValidatedOptions<DataOptions>(DataOptions.SectionName);
            services.AddSingleton<CameraDatabase>();
            services.AddSingleton<ICamerasDatabase>(provider => provider.GetRequiredService<CameraDatabase>());
            services.AddSingleton<ICameraRepository, SqliteCameraRepository>();
            services.AddSingleton<IAyamePeerRepository, SqliteAyamePeerRepository>();
            services.AddSingleton<ILeaderLease, SoleReplicaLease>();
        }
    }
}
