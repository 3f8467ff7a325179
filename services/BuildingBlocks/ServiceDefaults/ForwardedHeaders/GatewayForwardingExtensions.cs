using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hiroba.ServiceDefaults;

public static class GatewayForwardingExtensions
{
    /// <summary>
    /// For a service behind the gateway: takes the client address from <c>X-Forwarded-For</c>, but only when the
    /// request comes straight from a known proxy (<see cref="GatewayForwardingOptions"/>), and only the one entry
    /// that proxy added. From anyone else the header is ignored, so a client cannot choose its own address.
    /// Call <see cref="UseForwardedHeadersFromGateway"/> before anything that reads the address.
    /// </summary>
    public static WebApplicationBuilder AddForwardedHeadersFromGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<GatewayForwardingOptions>(GatewayForwardingOptions.SectionName);
        builder.Services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<GatewayForwardingOptions>>((forwarded, gateway) =>
            {
                forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
                forwarded.ForwardLimit = 1;
                forwarded.KnownIPNetworks.Clear();
                forwarded.KnownProxies.Clear();
                foreach (var address in gateway.Value.TrustedAddresses)
                {
                    forwarded.KnownProxies.Add(address);
                }
                foreach (var network in gateway.Value.TrustedNetworks)
                {
                    forwarded.KnownIPNetworks.Add(network);
                }
            });
        return builder;
    }

    public static IApplicationBuilder UseForwardedHeadersFromGateway(this IApplicationBuilder app) => app.UseForwardedHeaders();
}
