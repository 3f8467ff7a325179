using System.Text;
using Hiroba.Gateway.Tls;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hiroba.Gateway.Apis;

/// <summary>The local CA's certificate for guests to install (its key never leaves the data folder of the machine that made it).</summary>
public static class TrustApi
{
    /// <summary>The page (<c>wwwroot/trust.html</c>) that explains how to trust the certificate.</summary>
    public const string PagePath = "/trust";

    /// <summary>What phones and Windows offer to install a CA from when a browser opens it.</summary>
    public const string CaContentType = "application/x-x509-ca-cert";

    public static RouteGroupBuilder MapTrustApi(this IEndpointRouteBuilder app)
    {
        var trust = app.MapGroup(PagePath);
        trust.MapGet("/ca.crt", GetCaCertificate).AllowAnonymous();
        trust.MapGet("/ca.pem", GetCaCertificatePem).AllowAnonymous();
        return trust;
    }

    /// <summary>DER, which every system installs from a download; served inline so that Firefox offers to trust it at once.</summary>
    public static Results<FileContentHttpResult, ProblemHttpResult> GetCaCertificate(GatewayCertificates certificates) =>
        certificates.LocalCa is { } ca ? TypedResults.File(ca.RawData, CaContentType) : NoLocalCa();

    /// <summary>The same certificate as PEM text, which Linux's <c>update-ca-certificates</c> wants.</summary>
    public static Results<FileContentHttpResult, ProblemHttpResult> GetCaCertificatePem(GatewayCertificates certificates) =>
        certificates.LocalCa is { } ca
            ? TypedResults.File(Encoding.ASCII.GetBytes(ca.ExportCertificatePem() + "\n"), "application/x-pem-file")
            : NoLocalCa();

    private static ProblemHttpResult NoLocalCa() => TypedResults.Problem(
        "This Hiroba has no local certificate authority: its certificate comes from a public one that devices already trust, or it serves this machine only.",
        statusCode: StatusCodes.Status404NotFound);
}
