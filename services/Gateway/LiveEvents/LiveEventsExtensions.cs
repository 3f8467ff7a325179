using Hiroba.ServiceDefaults;

namespace Hiroba.Gateway.LiveEvents;

public static class LiveEventsExtensions
{
    /// <summary>
    /// The broker subscription to the public topics and the pages it feeds on <c>/mqtt</c> (LiveEventsApi); while it is
    /// down the gateway is not ready, but alive: it reconnects by itself.
    /// </summary>
    public static WebApplicationBuilder AddLiveEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<LiveEventsOptions>(LiveEventsOptions.SectionName);
        builder.Services.AddSingleton<MqttConnectionShares>();
        builder.Services.AddSingleton<LivePages>();
        builder.Services.AddHostedService<BrokerEventSubscription>();
        builder.Services.AddHealthChecks()
            .AddCheck<LiveEventsHealthCheck>("live-events", tags: [HealthCheckTags.Ready]);
        return builder;
    }
}
