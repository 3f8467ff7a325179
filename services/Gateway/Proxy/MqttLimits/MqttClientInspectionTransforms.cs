using System.Globalization;
using System.Net;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Hiroba.Gateway.Proxy.MqttLimits;

/// <summary>
/// Inspects what browsers send on a route that proxies MQTT over WebSockets for pages (<c>/mqtt</c>), the route whose
/// metadata <c>MaxMqttPacketBytes</c> caps the MQTT packets a browser may send: a larger packet, a first packet that is not
/// a CONNECT for MQTT 3.1.1 with a clean session, or broken WebSocket framing ends the connection before any of it
/// reaches the broker (<see cref="MqttClientTrafficInspector"/>). mosquitto 2.0 cannot do it itself: its packet limit is
/// global, on a websockets listener it reads any packet whole, and no listener option refuses persistent sessions. The
/// request transform swaps the upgrade features that YARP asks for the client's stream once the broker has accepted.
/// </summary>
internal sealed partial class MqttClientInspectionTransforms(ILogger<MqttClientInspectionTransforms> logger) : ITransformProvider
{
    public const string MetadataKey = "MaxMqttPacketBytes";

    public void ValidateRoute(TransformRouteValidationContext context)
    {
        if (context.Route.Metadata?.GetValueOrDefault(MetadataKey) is { } text && Limit(text) is null)
        {
            context.Errors.Add(new ArgumentException(
                $"Route '{context.Route.RouteId}': {MetadataKey} must be a number of bytes between 2 and {int.MaxValue}, not '{text}'."));
        }
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route.Metadata?.GetValueOrDefault(MetadataKey) is { } text && Limit(text) is { } limit)
        {
            context.AddRequestTransform(transform =>
            {
                InspectClientStream(transform.HttpContext, limit);
                return ValueTask.CompletedTask;
            });
        }
    }

    private void InspectClientStream(HttpContext context, int limit)
    {
        var client = context.Connection.RemoteIpAddress;
        context.WrapUpgradedStream(upgraded => new InspectedClientStream(
            upgraded, new MqttClientTrafficInspector(limit), violation => LogClosed(logger, client, violation)));
    }

    private static int? Limit(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 2 ? limit : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed the /mqtt connection of {Client}: it sent {Violation}")]
    private static partial void LogClosed(ILogger logger, IPAddress? client, string violation);
}
