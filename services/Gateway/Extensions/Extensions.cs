using Hiroba.Gateway.Authentication;
using Hiroba.Gateway.LiveEvents;
using Hiroba.Gateway.Proxy;
using Hiroba.Gateway.Site;
using Hiroba.Gateway.Tls;
using Hiroba.ServiceDefaults;

namespace Hiroba.Gateway.Extensions;

public static class Extensions
{
    /// <summary>Sign-in, the site's settings, the gateway's TLS, the reverse proxy and the pages' live events.</summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.AddSignIn();
        builder.Services.AddValidatedOptions<SiteOptions>(SiteOptions.SectionName);
        builder.AddGatewayTls();
        builder.AddReverseProxyFromConfiguration();
        builder.AddLiveEvents();
        return builder;
    }
}
