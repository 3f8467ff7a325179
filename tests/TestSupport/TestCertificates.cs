using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hiroba.TestSupport;

/// <summary>Self-signed server certificates written as PEM files, standing in for an operator's own certificate.</summary>
public static class TestCertificates
{
    /// <param name="hosts">IP addresses or DNS names it is for.</param>
    public static PemFiles WriteSelfSigned(string folder, string name, DateTimeOffset notBefore, DateTimeOffset notAfter, params string[] hosts)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hosts.FirstOrDefault() ?? name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(host);
            }
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        var files = new PemFiles(Path.Combine(folder, $"{name}.crt"), Path.Combine(folder, $"{name}.key"));
        File.WriteAllText(files.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(files.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return files;
    }

    public static PemFiles WriteSelfSigned(string folder, string name, params string[] hosts) =>
        WriteSelfSigned(folder, name, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), hosts);
}

public sealed record PemFiles(string CertificatePath, string KeyPath);
