using Hiroba.Gateway.Authentication;
using Hiroba.Gateway.Proxy;
using Hiroba.Gateway.Site;
using Hiroba.Gateway.Tls;
using Hiroba.ServiceDefaults;

namespace Hiroba.Gateway.Extensions;

public static class Extensions
{
    /// <summary>Sign-in, the site's settings, the gateway's TLS and the reverse proxy with its MQTT limits.</summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.AddSignIn();
        builder.Services.AddValidatedOptions<SiteOptions>(SiteOptions.SectionName);
        builder.AddGatewayTls();
        builder.AddReverseProxyFromConfiguration();
        return builder;
    }
}
