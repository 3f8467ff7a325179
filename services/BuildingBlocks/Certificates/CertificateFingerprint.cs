using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hiroba.Certificates;

public static class CertificateFingerprint
{
    /// <summary>The SHA-256 of the certificate's DER bytes as colon-separated hex pairs (<c>AB:CD:…</c>), as browsers and phones show it.</summary>
    public static string Sha256(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return string.Join(':', Convert.ToHexString(SHA256.HashData(certificate.RawData)).Chunk(2).Select(pair => new string(pair)));
    }
}
