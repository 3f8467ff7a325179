using Hiroba.ServiceDefaults;
using Yarp.ReverseProxy.LoadBalancing;

namespace Hiroba.Gateway.Proxy;

public static class ReverseProxyExtensions
{
    /// <summary>
    /// YARP with routes and clusters from the <c>ReverseProxy</c> section (a cluster may spread its rooms over its processes
    /// with <see cref="RoomOwnerPolicy"/>), and a readiness check over every destination:
    /// a backend that is down makes the gateway not ready, never not alive (restarting it would not bring the backend back).
    /// </summary>
    public static WebApplicationBuilder AddReverseProxyFromConfiguration(this WebApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddSingleton<ILoadBalancingPolicy, RoomOwnerPolicy>();
        builder.Services.AddHttpClient(DestinationProbe.HttpClientName);
        builder.Services.AddSingleton<DestinationProbe>();
        builder.Services.AddHealthChecks()
            .AddCheck<ProxyDestinationsHealthCheck>("destinations", tags: [HealthCheckTags.Ready]);
        return builder;
    }
}
