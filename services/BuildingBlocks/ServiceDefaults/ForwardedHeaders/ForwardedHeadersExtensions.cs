using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hiroba.ServiceDefaults;

public static class ForwardedHeadersExtensions
{
    private static readonly IPAddress[] Loopback = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    /// <summary>
    /// Takes the client's address, scheme and host from <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c>, but only
    /// when the request comes straight from a trusted proxy (<see cref="TrustedProxiesOptions"/>, or by default what
    /// <paramref name="connections"/> says), and only the one entry that proxy added. From anyone else the headers are
    /// ignored, so a client can choose neither its address (rate limits) nor its scheme (the cookie's <c>Secure</c>)
    /// nor its origin (the cross-origin check). Runs first in the pipeline, before anything reads them.
    /// </summary>
    public static WebApplicationBuilder AddForwardedHeadersFromTrustedProxies(this WebApplicationBuilder builder, ClientConnections connections)
    {
        builder.Services.AddValidatedOptions<TrustedProxiesOptions>(TrustedProxiesOptions.SectionName);
        builder.Services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<TrustedProxiesOptions>>((forwarded, trusted) =>
            {
                var (configured, networks) = (trusted.Value.ProxyAddresses, trusted.Value.ProxyNetworks);
                IReadOnlyList<IPAddress> proxies = configured.Count > 0 || networks.Count > 0 ? configured
                    : connections == ClientConnections.ThroughGateway ? Loopback
                    : [];
                forwarded.KnownIPNetworks.Clear();
                forwarded.KnownProxies.Clear();
                foreach (var address in proxies)
                {
                    forwarded.KnownProxies.Add(address);
                }
                foreach (var network in networks)
                {
                    forwarded.KnownIPNetworks.Add(network);
                }
                forwarded.ForwardLimit = 1;
                // With no known proxy at all the middleware would believe every peer, so then it reads nothing.
                forwarded.ForwardedHeaders = proxies.Count == 0 && networks.Count == 0
                    ? ForwardedHeaders.None
                    : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            });
        builder.Services.AddTransient<IStartupFilter, ForwardedHeadersStartupFilter>();
        return builder;
    }

    private sealed class ForwardedHeadersStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseForwardedHeaders();
            next(app);
        };
    }
}
