using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace Hiroba.Gateway.Proxy.MqttLimits;

/// <summary>
/// Lets a route that proxies MQTT over WebSockets (<c>/mqtt</c>) cap the MQTT packets a browser may send with the route
/// metadata <c>MaxMqttPacketBytes</c>: a larger one ends the connection before any of it reaches the broker. mosquitto
/// 2.0 cannot do it itself: its packet limit is global, and on a websockets listener it reads any packet whole.
/// </summary>
public static partial class MqttPacketLimit
{
    public const string MetadataKey = "MaxMqttPacketBytes";

    public static IReverseProxyApplicationBuilder UseMqttPacketLimit(this IReverseProxyApplicationBuilder proxy)
    {
        var logger = proxy.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MqttPacketLimit));
        proxy.Use((context, next) =>
        {
            var metadata = context.GetReverseProxyFeature().Route.Config.Metadata;
            if (metadata?.GetValueOrDefault(MetadataKey) is { } text
                && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
            {
                var client = context.Connection.RemoteIpAddress;
                Stream Inspect(Stream upgraded) => new InspectedClientStream(
                    upgraded, new MqttClientTrafficInspector(limit), violation => LogClosed(logger, client, violation));
                if (context.Features.Get<IHttpUpgradeFeature>() is { } upgrade)
                {
                    context.Features.Set<IHttpUpgradeFeature>(new InspectedUpgradeFeature(upgrade, Inspect));
                }
                if (context.Features.Get<IHttpExtendedConnectFeature>() is { } connect)
                {
                    context.Features.Set<IHttpExtendedConnectFeature>(new InspectedExtendedConnectFeature(connect, Inspect));
                }
            }
            return next();
        });
        return proxy;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed the /mqtt connection of {Client}: it sent {Violation}")]
    private static partial void LogClosed(ILogger logger, IPAddress? client, string violation);
}
