using Hiroba.Gateway.Proxy.MqttLimits;
using Hiroba.ServiceDefaults;

namespace Hiroba.Gateway.Proxy;

public static class ReverseProxyExtensions
{
    /// <summary>
    /// YARP with routes and clusters from the <c>ReverseProxy</c> section (a route's <c>MaxMqttPacketBytes</c> metadata
    /// has the gateway inspect the MQTT a browser sends through it; its <c>MqttConnectionCap</c> metadata caps how many
    /// such connections are open, shared fairly between client addresses), and a health check over every destination.
    /// </summary>
    public static WebApplicationBuilder AddReverseProxyFromConfiguration(this WebApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms<MqttConnectionCapTransforms>()
            .AddTransforms<MqttClientInspectionTransforms>();
        builder.Services.AddValidatedOptions<MqttConnectionLimitOptions>(MqttConnectionLimitOptions.SectionName);
        builder.Services.AddSingleton<MqttConnectionShares>();
        builder.Services.AddHttpClient(DestinationProbe.HttpClientName);
        builder.Services.AddSingleton<DestinationProbe>();
        builder.Services.AddHealthChecks()
            .AddCheck<ProxyDestinationsHealthCheck>("destinations", tags: [HealthCheckTags.Live, HealthCheckTags.Ready]);
        return builder;
    }
}
