using System.Security.Cryptography.X509Certificates;
using Hiroba.Certificates;
using Microsoft.Extensions.Options;

namespace Hiroba.Gateway.Tls;

/// <summary>
/// Stops the gateway at start, naming the setting, when its TLS settings cannot work: a missing file, a key that does
/// not belong to the certificate, an expired certificate, a CA that did not issue it, HTTPS addresses without a
/// certificate or a certificate without an HTTPS address, or no https public URL to redirect plain HTTP to.
/// </summary>
public sealed class GatewayTlsValidator(IConfiguration configuration, TimeProvider time) : IValidateOptions<GatewayTlsOptions>
{
    private const string Section = GatewayTlsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, GatewayTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options).ToArray();
        return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private IEnumerable<string> Failures(GatewayTlsOptions options)
    {
        var httpsAddresses = HttpsAddresses();
        if (!options.IsEnabled)
        {
            if (httpsAddresses is not null)
            {
                yield return $"Setting {Section}:CertificatePath is missing: {httpsAddresses} asks for HTTPS, which needs a certificate.";
            }
            foreach (var setting in new[] { (nameof(options.KeyPath), options.KeyPath), (nameof(options.CaCertificatePath), options.CaCertificatePath) })
            {
                if (!string.IsNullOrWhiteSpace(setting.Item2))
                {
                    yield return $"Setting {Section}:{setting.Item1} is invalid: it needs {Section}:CertificatePath.";
                }
            }
            yield break;
        }
        if (string.IsNullOrWhiteSpace(options.KeyPath))
        {
            yield return $"Setting {Section}:KeyPath is missing: {Section}:CertificatePath needs its private key.";
            yield break;
        }
        if (httpsAddresses is null)
        {
            yield return $"Setting {Section}:CertificatePath is invalid: there is no https address to serve it on; add one to urls (--urls, ASPNETCORE_URLS) or set ASPNETCORE_HTTPS_PORTS.";
        }
        if (!Uri.TryCreate(configuration["Gateway:PublicUrl"], UriKind.Absolute, out var publicUrl) || publicUrl.Scheme != Uri.UriSchemeHttps)
        {
            yield return "Setting Gateway:PublicUrl is invalid: with TLS it must be the https origin guests type (plain HTTP from the network is redirected there).";
        }

        if (CertificateProblem(options) is { } problem)
        {
            yield return problem;
        }
    }

    private string? CertificateProblem(GatewayTlsOptions options)
    {
        PemCertificatePair server;
        try
        {
            server = PemCertificatePair.Load(options.CertificatePath!, options.KeyPath!, time.GetUtcNow());
        }
        catch (CertificateFileException e)
        {
            return $"Setting {string.Join(", ", e.Files.Select(Setting))} is invalid: {e.Message}";
        }
        using (server)
        {
            return options.HasLocalCa && CaProblem(options.CaCertificatePath!, server) is { } problem
                ? $"Setting {Section}:CaCertificatePath is invalid: {problem}"
                : null;
        }
    }

    private string? CaProblem(string path, PemCertificatePair server)
    {
        X509Certificate2Collection authorities;
        try
        {
            authorities = PemCertificatePair.ReadCertificates(path);
        }
        catch (CertificateFileException e)
        {
            return e.Message;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authorities[0]);
        chain.ChainPolicy.ExtraStore.AddRange(server.Intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        return chain.Build(server.Certificate)
            ? null
            : $"the CA in {path} did not issue the server certificate ({string.Join("; ", chain.ChainStatus.Select(status => status.StatusInformation.Trim()))}).";
    }

    /// <summary>Where HTTPS is asked for: an https URL in <c>urls</c> or any <c>https_ports</c>; null when nowhere.</summary>
    private string? HttpsAddresses()
    {
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(url => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (urls.Length > 0)
        {
            return $"urls ({string.Join(";", urls)})";
        }
        return string.IsNullOrWhiteSpace(configuration["https_ports"]) ? null : $"ASPNETCORE_HTTPS_PORTS ({configuration["https_ports"]})";
    }

    private static string Setting(PemFile file) =>
        $"{Section}:{(file == PemFile.Certificate ? nameof(GatewayTlsOptions.CertificatePath) : nameof(GatewayTlsOptions.KeyPath))}";
}
