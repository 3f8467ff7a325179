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
        builder.Services.AddSingleton<RoomStreamHandover>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RoomStreamHandover>());
        builder.Services.AddHttpClient(DestinationProbe.HttpClientName);
        builder.Services.AddSingleton<DestinationProbe>();
        builder.Services.AddHealthChecks()
            .AddCheck<ProxyDestinationsHealthCheck>("destinations", tags: [HealthCheckTags.Ready]);
        return builder;
    }

    /// <summary>
    /// After load balancing: a request of a <see cref="RoomOwnerPolicy"/> cluster runs as a <see cref="RoomStream"/>, so
    /// <see cref="RoomStreamHandover"/> can end its event stream when the room moves to another process.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseRoomStreamHandover(this IReverseProxyApplicationBuilder proxy)
    {
        var handover = proxy.ApplicationServices.GetRequiredService<RoomStreamHandover>();
        proxy.Use((context, next) =>
        {
            var feature = context.GetReverseProxyFeature();
            return feature.Cluster.Config.LoadBalancingPolicy == RoomOwnerPolicy.PolicyName
                && context.GetRouteValue(RoomOwnerPolicy.RouteValueName) is string room
                && feature.AvailableDestinations is [var destination]
                ? handover.RunAsync(context, new RoomStream(context, feature.Cluster.Config.ClusterId, room, destination.DestinationId), next)
                : next();
        });
        return proxy;
    }
}
