using System.Net;
using Hiroba.Gateway.Site;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;

namespace Hiroba.Gateway.Tls;

/// <summary>
/// Once the gateway has TLS, plain HTTP is for this machine only (its own browser on 127.0.0.1 is a secure context
/// anyway). A plain request from the network is redirected to the public https origin, except what a guest needs
/// before trusting the certificate: the trust page with its style and script, the site info and the CA certificate.
/// </summary>
public static class NetworkHttpsRedirect
{
    private static readonly PathString[] BeforeTrust = ["/trust", "/css", "/js/trust.js", "/api/site"];

    public static IApplicationBuilder UseHttpsForNetworkClients(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (request.IsHttps || IsFromThisMachine(context.Connection.LocalIpAddress)
            || !context.RequestServices.GetRequiredService<IOptions<GatewayTlsOptions>>().Value.IsEnabled
            || ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && BeforeTrust.Any(path => request.Path.StartsWithSegments(path))))
        {
            return next(context);
        }
        var origin = context.RequestServices.GetRequiredService<IOptions<SiteOptions>>().Value.PublicOrigin(request);
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        // Built from the parts, so that a path such as //elsewhere/ cannot turn into another host.
        context.Response.Headers.Location = UriHelper.BuildAbsolute(
            origin.Scheme, new HostString(origin.Authority), request.PathBase, request.Path, request.QueryString);
        return Task.CompletedTask;
    });

    private static bool IsFromThisMachine(IPAddress? localAddress) =>
        localAddress is not null && IPAddress.IsLoopback(localAddress.IsIPv4MappedToIPv6 ? localAddress.MapToIPv4() : localAddress);
}
