using Hiroba.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hiroba.Gateway.Tls;

public static class GatewayTlsExtensions
{
    /// <summary>Serves every HTTPS address with the certificate of <c>Gateway:Tls</c>, checked at start.</summary>
    public static WebApplicationBuilder AddGatewayTls(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<GatewayTlsOptions>(GatewayTlsOptions.SectionName);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayTlsOptions>, GatewayTlsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GatewayCertificates>();
        // Runs when an HTTPS address is bound, which is after the settings were validated.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            if (kestrel.ApplicationServices.GetRequiredService<GatewayCertificates>().Server is { } server)
            {
                https.ServerCertificate = server.Certificate;
                https.ServerCertificateChain = server.Intermediates;
            }
        }));
        return builder;
    }
}
