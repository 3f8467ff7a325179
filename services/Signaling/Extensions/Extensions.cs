using Hiroba.Contracts.Rooms;
using Hiroba.Contracts.Signaling;
using Hiroba.EventBus;
using Hiroba.EventBus.Publishing;
using Hiroba.Resilience;
using Hiroba.ServiceDefaults;
using Hiroba.Signaling.Ayame;
using Hiroba.Signaling.Calls;
using Hiroba.Signaling.Connections;
using Hiroba.Signaling.IntegrationEvents;
using Hiroba.Signaling.Limits;
using Hiroba.Signaling.Replicas;
using Hiroba.Signaling.RoomDirectory;
using Hiroba.Turn;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Hiroba.Signaling.Extensions;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<SignalingOptions>(SignalingOptions.SectionName);
        services.AddValidatedOptions<JoinRateLimitOptions>(JoinRateLimitOptions.SectionName);
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<SignalingOptions>>((kestrel, signaling) =>
                kestrel.Limits.MaxConcurrentUpgradedConnections = signaling.Value.MaxConnections);
        services.AddSingleton(TimeProvider.System);
        services.AddIceServers();

        services.AddSingleton<SignalingEndpoints>();
        services.AddValidatedOptions<SignalingReplicasOptions>(SignalingReplicasOptions.SectionName);
        var replicated = builder.Configuration.GetSection(SignalingReplicasOptions.SectionName).Get<SignalingReplicasOptions>()?.IsReplicated == true;
        if (replicated)
        {
            services.AddSingleton<ReplicaDirectory>();
            services.AddSingleton<RelaySender>();
            services.AddHostedService(provider => provider.GetRequiredService<RelaySender>());
            services.AddSingleton<RelayHub>();
            services.AddSingleton<IConnectionRouter, ReplicaRouter>();
            services.AddSingleton<ReplicaHeartbeat>();
            services.AddHostedService(provider => provider.GetRequiredService<ReplicaHeartbeat>());
            services.AddHealthChecks().AddCheck<ReplicaDirectoryHealthCheck>("room-directory", tags: [HealthCheckTags.Ready]);
        }
        else
        {
            services.AddSingleton<IConnectionRouter, LocalConnections>();
        }

        services.AddSingleton<KnownRooms>();
        services.AddSingleton(new LiveRooms<CallRoom>((id, registry) => new CallRoom(id, registry)));
        services.AddSingleton(new LiveRooms<AyameRoom>((id, registry) => new AyameRoom(id, registry)));
        services.AddSingleton<RoomAnnouncements>();
        services.AddSingleton<ClientAddressLimits>();
        services.AddSingleton<KeepAliveSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<KeepAliveSweeper>());
        services.AddSingleton<RoomDirectorySync>();
        services.AddHostedService(provider => provider.GetRequiredService<RoomDirectorySync>());
        services.AddSingleton(provider => new PeerServices(
            provider.GetRequiredService<KnownRooms>(),
            provider.GetRequiredService<ClientAddressLimits>(),
            provider.GetRequiredService<IceServerProvider>(),
            provider.GetRequiredService<IIntegrationEventPublisher>(),
            provider.GetRequiredService<KeepAliveSweeper>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<SignalingOptions>>().Value));

        // The marker last: once it can arrive, so can the announcements it follows.
        var eventBus = builder.AddEventBus()
            .AddSubscription<RoomOpenedIntegrationEvent, RoomOpenedIntegrationEventHandler>()
            .AddSubscription<RoomClosedIntegrationEvent, RoomClosedIntegrationEventHandler>()
            .AddSubscription<RoomSyncCompletedIntegrationEvent, RoomSyncCompletedIntegrationEventHandler>();
        if (replicated)
        {
            eventBus.AddInboxSubscription<SignalingRelayIntegrationEvent, SignalingRelayIntegrationEventHandler>();
        }
        eventBus.PublishBestEffort(new BestEffortDelivery
        {
            // Joining, leaving and relaying never wait for the broker. In order, each retried until the broker takes it; if the
            // broker stays away, the oldest give way (Rooms' presence then lags until peers come and go again).
            Capacity = 100_000,
            WhenFull = QueueFullMode.DropOldest,
            Publishers = 1,
            Retry = new ExponentialBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5), Jitter: true),
        });
        return builder;
    }
}
