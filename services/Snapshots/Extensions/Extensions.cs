using Hiroba.Contracts.Rooms;
using Hiroba.Contracts.Snapshots;
using Hiroba.EventBus;
using Hiroba.EventBus.Publishing;
using Hiroba.Resilience;
using Hiroba.ServiceDefaults;
using Hiroba.Snapshots.Apis;
using Hiroba.Snapshots.IntegrationEvents;
using Hiroba.Snapshots.Storage;
using Hiroba.Snapshots.Wall;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hiroba.Snapshots.Extensions;

public static class Extensions
{
    /// <summary>The wall (loaded from the database before anything else starts), its storage, events and limits.</summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<DataOptions>(DataOptions.SectionName);
        services.AddValidatedOptions<SnapshotsOptions>(SnapshotsOptions.SectionName);
        services.AddSingleton<SnapshotsDatabase>();
        services.AddSingleton<WallStore>();
        services.AddSingleton<ImageFolder>();
        services.AddSingleton<WallRegistry>();
        services.AddSingleton<GuestTokens>();
        services.AddSingleton<WallService>();
        services.AddSingleton<WallLoader>();
        services.AddHostedService<ServiceStartup>();
        services.AddSingleton<WallRoomSync>();
        services.AddHostedService(provider => provider.GetRequiredService<WallRoomSync>());
        services.AddHostedService<WallMaintenance>();
        services.AddClientAddressRateLimit<JoinRateLimitOptions>(
            JoinRateLimitOptions.PolicyName, JoinRateLimitOptions.SectionName, "Too many guests joined from this address.");

        builder.AddEventBus()
            .AddSubscription<RoomOpenedIntegrationEvent, RoomOpenedIntegrationEventHandler>()
            .AddSubscription<RoomClosedIntegrationEvent, RoomClosedIntegrationEventHandler>()
            .AddSubscription<GuestRemovedIntegrationEvent, GuestRemovedIntegrationEventHandler>()
            .AddSubscription<RoomSyncCompletedIntegrationEvent, RoomSyncCompletedIntegrationEventHandler>()
            .PublishBestEffort(new BestEffortDelivery
            {
                // Off the request path: uploads and removals queue their events and answer at once. snapshot-ingested is
                // activity only, so when the broker is away long enough to fill the queue, events give way, not uploads.
                Capacity = 10_000,
                WhenFull = QueueFullMode.DropNewest,
                Publishers = 4,
                // Without a guest's removal Rooms would count the guest for good, so that one is retried until the broker
                // takes it. Either event may overtake the other; Rooms does not mind (docs/rooms.md).
                Retry = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), Jitter: true),
                IsRetried = static @event => @event is GuestRemovedIntegrationEvent,
            });
        return builder;
    }
}
