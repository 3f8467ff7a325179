using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hiroba.ServiceDefaults;

public static class RequestLimitsExtensions
{
    /// <summary>
    /// Applies <see cref="RequestLimitsOptions"/> to Kestrel. An endpoint that needs more raises
    /// the limit for itself (<c>IHttpMaxRequestBodySizeFeature</c> or <c>[RequestSizeLimit]</c>).
    /// </summary>
    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RequestLimitsOptions>(RequestLimitsOptions.SectionName);
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<RequestLimitsOptions>>((kestrel, limits) =>
                kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodySize);
        return builder;
    }
}
