using Hiroba.CameraBridge.Cameras;
using Hiroba.CameraBridge.Data;
using Hiroba.CameraBridge.IntegrationEvents;
using Hiroba.CameraBridge.Status;
using Hiroba.CameraBridge.Viewing;
using Hiroba.Contracts.Signaling;
using Hiroba.EventBus;
using Hiroba.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Extensions;

public static class ApplicationServiceExtensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<CamerasOptions>(CamerasOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CamerasOptions>, CamerasOptionsValidator>());
        services.AddValidatedOptions<StatusOptions>(StatusOptions.SectionName);
        services.AddValidatedOptions<ViewingOptions>(ViewingOptions.SectionName);
        services.AddValidatedOptions<DataOptions>(DataOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<SignalingKeyProtector>();
        services.AddSingleton<CameraDatabase>();
        services.AddSingleton<CameraRepository>();
        services.AddSingleton<AyamePeerRepository>();
        services.AddSingleton<CameraRegistry>();
        services.AddSingleton<AyamePresence>();
        services.AddSingleton<ViewerLeases>();
        services.AddSingleton<CameraStatusBoard>();
        services.AddSingleton<CameraViewing>();
        // Loads cameras and presence before anything else runs; then probing and status publishing start.
        services.AddHostedService<CameraBridgeStartup>();
        services.AddSingleton<P2pCameraProber>();
        services.AddHostedService(provider => provider.GetRequiredService<P2pCameraProber>());
        services.AddHostedService<StatusPublisher>();
        services.AddSingleton<CameraStatusFeed>();
        services.AddHostedService(provider => provider.GetRequiredService<CameraStatusFeed>());

        builder.AddEventBus()
            .AddSubscription<PeerJoinedIntegrationEvent, PeerJoinedIntegrationEventHandler>()
            .AddSubscription<PeerLeftIntegrationEvent, PeerLeftIntegrationEventHandler>()
            .AddSubscription<RoomSyncRequestedIntegrationEvent, RoomSyncRequestedIntegrationEventHandler>();
        return builder;
    }
}
