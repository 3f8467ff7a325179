using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Hiroba.ServiceDefaults.Telemetry;

/// <summary>
/// <c>hiroba.websocket.connections</c>: the WebSocket connections open now, by route (the gateway's <c>/mqtt</c>,
/// Signaling, CameraBridge). A connection counts from its upgrade (HTTP/1.1, or extended CONNECT over HTTP/2) until its
/// request ends, whoever accepts it: the WebSocket middleware or YARP.
/// </summary>
internal sealed class WebSocketConnectionsMetric : IStartupFilter
{
    public const string MeterName = "Hiroba.WebSockets";

    private static readonly Meter Meter = new(MeterName);

    private static readonly UpDownCounter<long> Connections = Meter.CreateUpDownCounter<long>(
        "hiroba.websocket.connections", "{connection}", "WebSocket connections open now, by route.");

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(TrackAsync);
        next(app);
    };

    private static async Task TrackAsync(HttpContext context, RequestDelegate next)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var connect = context.Features.Get<IHttpExtendedConnectFeature>();
        if (upgrade is not { IsUpgradableRequest: true } && connect is not { IsExtendedConnect: true })
        {
            await next(context);
            return;
        }
        var tracked = new TrackedConnection(context);
        if (upgrade is not null)
        {
            context.Features.Set<IHttpUpgradeFeature>(new TrackedUpgradeFeature(upgrade, tracked));
        }
        if (connect is not null)
        {
            context.Features.Set<IHttpExtendedConnectFeature>(new TrackedExtendedConnectFeature(connect, tracked));
        }
        try
        {
            await next(context);
        }
        finally
        {
            tracked.Closed();
        }
    }

    private sealed class TrackedConnection(HttpContext context)
    {
        private KeyValuePair<string, object?>? _route;

        public void Opened()
        {
            // The route's pattern, not the path: a path may hold ids, which would make a series per camera or room.
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            _route = new("http.route", route);
            Connections.Add(1, _route.Value);
        }

        public void Closed()
        {
            if (_route is { } route)
            {
                Connections.Add(-1, route);
            }
        }
    }

    private sealed class TrackedUpgradeFeature(IHttpUpgradeFeature inner, TrackedConnection connection) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => inner.IsUpgradableRequest;

        public async Task<Stream> UpgradeAsync()
        {
            var stream = await inner.UpgradeAsync();
            connection.Opened();
            return stream;
        }
    }

    private sealed class TrackedExtendedConnectFeature(IHttpExtendedConnectFeature inner, TrackedConnection connection)
        : IHttpExtendedConnectFeature
    {
        public bool IsExtendedConnect => inner.IsExtendedConnect;

        public string? Protocol => inner.Protocol;

        public async ValueTask<Stream> AcceptAsync()
        {
            var stream = await inner.AcceptAsync();
            connection.Opened();
            return stream;
        }
    }
}
