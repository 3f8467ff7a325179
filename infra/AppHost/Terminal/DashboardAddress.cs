using Hiroba.LocalComponents;
using Microsoft.Extensions.Configuration;

namespace Hiroba.AppHost;

/// <summary>
/// The dashboard of ./run: on 127.0.0.1 over plain HTTP (no developer certificate here), signed into with the browser
/// token Aspire makes for each run, never open to anonymous visitors; services send it their telemetry over OTLP.
/// </summary>
internal sealed record DashboardAddress(Uri Url, string BrowserToken)
{
    /// <summary>Where Aspire keeps the run's browser token once the app is built.</summary>
    private const string BrowserTokenSetting = "AppHost:BrowserToken";

    /// <summary>The link that signs a browser in (the token is a credential: shown on a terminal only).</summary>
    public Uri LoginUrl => new(Url, $"/login?t={BrowserToken}");

    /// <summary>Aspire's settings for a dashboard at <paramref name="url"/>, its OTLP and resource endpoints on free loopback ports.</summary>
    public static string[] Arguments(Uri? url) => url is null
        ? []
        :
        [
            $"--ASPNETCORE_URLS={url}",
            // Plain HTTP on loopback: without it Aspire asks for HTTPS and the developer certificate.
            "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            $"--{HirobaModel.OtlpEndpointSetting}=http://127.0.0.1:{FreePorts.Tcp()}",
            $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{FreePorts.Tcp()}",
        ];

    public static DashboardAddress? Of(Uri? url, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return url is null ? null : new DashboardAddress(url, configuration[BrowserTokenSetting]
            ?? throw new InvalidOperationException("Aspire made no browser token for the dashboard."));
    }
}
