using Hiroba.Certificates;
using Hiroba.Gateway.Site;
using Hiroba.Gateway.Tls;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hiroba.Gateway.Apis;

public static class SiteApi
{
    public static RouteGroupBuilder MapSiteApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/site");
        api.MapGet("/", GetSite).AllowAnonymous();
        return api;
    }

    /// <summary>What a page needs to tell guests where to go and which certificate to trust.</summary>
    public static Ok<SiteInfo> GetSite(HttpRequest request, IOptions<SiteOptions> options, GatewayCertificates certificates) =>
        TypedResults.Ok(new SiteInfo(
            options.Value.PublicOrigin(request).ToString().TrimEnd('/'),
            certificates.LocalCa is { } ca ? CertificateFingerprint.Sha256(ca) : null,
            TrustApi.PagePath));
}

/// <param name="PublicUrl">The origin guests type, without a trailing slash.</param>
/// <param name="CaFingerprintSha256">The local CA's SHA-256 fingerprint (<c>AB:CD:…</c>) guests compare before trusting it; null without a local CA.</param>
/// <param name="TrustUrl">The page that tells guests how to trust the certificate.</param>
public sealed record SiteInfo(string PublicUrl, string? CaFingerprintSha256, string TrustUrl);
