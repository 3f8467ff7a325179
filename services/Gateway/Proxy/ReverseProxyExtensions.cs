using Hiroba.Gateway.Proxy.MqttLimits;
using Hiroba.ServiceDefaults;

namespace Hiroba.Gateway.Proxy;

public static class ReverseProxyExtensions
{
    /// <summary>
    /// YARP with routes and clusters from the <c>ReverseProxy</c> section (a route's <c>MaxMqttPacketBytes</c> metadata
    /// has the gateway inspect the MQTT a browser sends through it; the rate-limit policy
    /// <see cref="MqttConnectionLimitPolicy.Name"/> caps how many such connections are open), and a health check over
    /// every destination.
    /// </summary>
    public static WebApplicationBuilder AddReverseProxyFromConfiguration(this WebApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms<MqttClientInspectionTransforms>();
        builder.Services.AddValidatedOptions<MqttConnectionLimitOptions>(MqttConnectionLimitOptions.SectionName);
        builder.Services.AddRateLimiter(options =>
            options.AddPolicy<string, MqttConnectionLimitPolicy>(MqttConnectionLimitPolicy.Name));
        builder.Services.AddHttpClient(DestinationProbe.HttpClientName);
        builder.Services.AddSingleton<DestinationProbe>();
        builder.Services.AddHealthChecks()
            .AddCheck<ProxyDestinationsHealthCheck>("destinations", tags: [HealthCheckTags.Live, HealthCheckTags.Ready]);
        return builder;
    }
}
