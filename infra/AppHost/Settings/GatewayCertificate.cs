using System.Net;
using Hiroba.Certificates;
using Hiroba.LocalComponents.Tls;

namespace Hiroba.AppHost;

/// <summary>
/// The certificate the gateway serves in the local run: the operator's PEM files (HIROBA_TLS_CERT, HIROBA_TLS_KEY), or
/// one issued by the local CA kept in <c>&lt;data&gt;/tls</c>.
/// </summary>
/// <param name="CaCertificatePath">The local CA guests trust; null for the operator's certificate.</param>
/// <param name="Description">Where it comes from, in words.</param>
/// <param name="Warning">Something the operator should know (a certificate near its end), or null.</param>
internal sealed record GatewayCertificate(
    string CertificatePath, string KeyPath, string? CaCertificatePath, string? CaFingerprintSha256, string Description, string? Warning)
{
    public const string FolderName = "tls";

    /// <summary>Checks the operator's files (before anything is stored): they parse, match, are valid now and name the public host.</summary>
    public static GatewayCertificate Operator(RunSettings settings, PublicEndpoint endpoint, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(endpoint);
        var certificatePath = settings.TlsCertificatePath ?? throw new ArgumentException("No HIROBA_TLS_CERT.", nameof(settings));
        var keyPath = settings.TlsKeyPath!;
        try
        {
            using var pair = PemCertificatePair.Load(certificatePath, keyPath, now);
            if (!pair.Certificate.MatchesHostname(endpoint.Url.IdnHost))
            {
                throw new RunSettingsException(
                    $"HIROBA_TLS_CERT ({certificatePath}) is not for {endpoint.Url.IdnHost}, the host of HIROBA_PUBLIC_URL; browsers would refuse it.");
            }
            var expires = PemCertificatePair.Format(pair.Certificate.NotAfter);
            return new GatewayCertificate(certificatePath, keyPath, null, null, $"HIROBA_TLS_CERT, valid until {expires}",
                pair.ExpiresSoon(now) ? $"warning: HIROBA_TLS_CERT expires on {expires}; renew it." : null);
        }
        catch (CertificateFileException e)
        {
            var settingNames = e.Files.Select(file => file == PemFile.Certificate ? "HIROBA_TLS_CERT" : "HIROBA_TLS_KEY");
            throw new RunSettingsException($"{string.Join(" and ", settingNames)}: {e.Message}");
        }
    }

    /// <summary>Makes the local CA once and has it issue the server certificate for the names in use (again only when they change).</summary>
    public static async Task<GatewayCertificate> FromLocalCaAsync(
        string dataPath, PublicEndpoint endpoint, MachineNetwork network, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        var files = await LocalTlsFolder.EnsureAsync(
            Path.Combine(dataPath, FolderName), NamesFor(endpoint, network.HostName), network.HostName, time, cancellationToken);
        var description = files.CaCreated
            ? $"a new local CA in {Path.GetDirectoryName(files.CaCertificatePath)}: every guest device trusts it once"
            : files.CertificateIssued
                ? "the local CA (server certificate issued again for the names in use)"
                : "the local CA";
        return new GatewayCertificate(files.CertificatePath, files.KeyPath, files.CaCertificatePath, files.CaFingerprintSha256, description, null);
    }

    /// <summary>The public host, this machine's loopback names and its mDNS name (a bare host name is outside what the CA may vouch for).</summary>
    public static ServerNames NamesFor(PublicEndpoint endpoint, string hostName)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var dnsNames = new List<string> { "localhost" };
        if (endpoint.Url.HostNameType == UriHostNameType.Dns)
        {
            dnsNames.Add(endpoint.Url.IdnHost);
        }
        var mdnsName = $"{hostName}.local";
        if (Uri.CheckHostName(mdnsName) == UriHostNameType.Dns)
        {
            dnsNames.Add(mdnsName);
        }
        return new ServerNames([endpoint.Address, IPAddress.Loopback], dnsNames);
    }
}
