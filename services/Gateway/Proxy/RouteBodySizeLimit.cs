using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace Hiroba.Gateway.Proxy;

/// <summary>
/// Lets a route raise the request body limit (<c>RequestLimits:MaxRequestBodySize</c>, 1 MiB) for itself with the route
/// metadata <c>MaxRequestBodySize</c> in bytes, e.g. the screen wall's image uploads. The service behind it still
/// enforces its own, lower limit and answers with its own problem details.
/// </summary>
public static class RouteBodySizeLimit
{
    public const string MetadataKey = "MaxRequestBodySize";

    public static IReverseProxyApplicationBuilder UseRouteBodySizeLimit(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use((context, next) =>
        {
            var metadata = context.GetReverseProxyFeature().Route.Config.Metadata;
            if (metadata?.GetValueOrDefault(MetadataKey) is { } text &&
                long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) &&
                context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
            return next();
        });
        return proxy;
    }
}
