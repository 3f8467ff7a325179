using Hiroba.ServiceDefaults;

namespace Hiroba.CameraBridge.Janus;

public static class JanusExtensions
{
    /// <summary>The client of Janus's REST API (never through a proxy from the environment) and its readiness check.</summary>
    public static IServiceCollection AddJanus(this IServiceCollection services)
    {
        services.AddValidatedOptions<JanusOptions>(JanusOptions.SectionName);
        services.AddHttpClient<JanusClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false });
        services.AddHealthChecks().AddCheck<JanusHealthCheck>("janus", tags: [HealthCheckTags.Ready]);
        return services;
    }
}
