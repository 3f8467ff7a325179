using Hiroba.ServiceDefaults;

namespace Hiroba.Gateway.LiveEvents;

public static class LiveEventsExtensions
{
    /// <summary>The broker subscription to the public topics and the pages it feeds on <c>/mqtt</c> (LiveEventsApi).</summary>
    public static WebApplicationBuilder AddLiveEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<LiveEventsOptions>(LiveEventsOptions.SectionName);
        builder.Services.AddSingleton<MqttConnectionShares>();
        builder.Services.AddSingleton<LivePages>();
        builder.Services.AddHostedService<BrokerEventSubscription>();
        builder.Services.AddHealthChecks()
            .AddCheck<LiveEventsHealthCheck>("live-events", tags: [HealthCheckTags.Live, HealthCheckTags.Ready]);
        return builder;
    }
}
