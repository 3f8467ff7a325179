using Hiroba.Contracts.Rooms;
using Hiroba.EventBus;
using Hiroba.ServiceDefaults;
using Hiroba.Snapshots.Apis;
using Hiroba.Snapshots.IntegrationEvents;
using Hiroba.Snapshots.Storage;
using Hiroba.Snapshots.Wall;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hiroba.Snapshots.Extensions;

public static class SnapshotsServicesExtensions
{
    /// <summary>The wall (loaded from the database before anything else starts), its storage, events and limits.</summary>
    public static WebApplicationBuilder AddSnapshotsServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<DataOptions>(DataOptions.SectionName);
        services.AddValidatedOptions<SnapshotsOptions>(SnapshotsOptions.SectionName);
        services.AddSingleton<SnapshotsDatabase>();
        services.AddSingleton<WallStore>();
        services.AddSingleton<ImageFolder>();
        services.AddSingleton<WallRegistry>();
        services.AddSingleton<WallService>();
        services.AddHostedService<WallLoader>();
        services.AddSingleton<IntegrationEventPublisher>();
        services.AddHostedService(provider => provider.GetRequiredService<IntegrationEventPublisher>());
        services.AddHostedService<WallMaintenance>();
        services.AddClientAddressRateLimit<JoinRateLimitOptions>(
            JoinRateLimitOptions.PolicyName, JoinRateLimitOptions.SectionName, "Too many guests joined from this address.");

        builder.AddEventBus()
            .AddSubscription<RoomOpenedIntegrationEvent, RoomOpenedIntegrationEventHandler>()
            .AddSubscription<RoomClosedIntegrationEvent, RoomClosedIntegrationEventHandler>();
        return builder;
    }
}
