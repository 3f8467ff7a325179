using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hiroba.Certificates;

/// <summary>
/// A certificate and its private key from two PEM files: the certificate, optionally followed by its intermediates (as in a
/// <c>fullchain.pem</c>), and its unencrypted private key (PKCS#8, RSA or EC).
/// </summary>
public sealed class PemCertificatePair : IDisposable
{
    /// <summary>Within this of its end a certificate is worth a warning.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    private PemCertificatePair(X509Certificate2 certificate, X509Certificate2Collection intermediates)
    {
        Certificate = certificate;
        Intermediates = intermediates;
    }

    /// <summary>The certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificates after the first one in the certificate file, sent along in the handshake.</summary>
    public X509Certificate2Collection Intermediates { get; }

    public bool ExpiresSoon(DateTimeOffset now) => Certificate.NotAfter.ToUniversalTime() - now.UtcDateTime < ExpiryWarning;

    /// <summary>Reads both files and checks that they can serve TLS now: they parse, the key belongs to the certificate, and the certificate is valid at <paramref name="now"/>.</summary>
    /// <exception cref="CertificateFileException">Says what is wrong and with which file.</exception>
    public static PemCertificatePair Load(string certificatePath, string keyPath, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificatePath);
        ArgumentNullException.ThrowIfNull(keyPath);
        var certificates = ReadCertificates(certificatePath);
        var leaf = certificates[0];
        var key = ReadKey(keyPath);
        try
        {
            if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(leaf.PublicKey.ExportSubjectPublicKeyInfo()))
            {
                throw new CertificateFileException(
                    $"the key in {keyPath} does not belong to the certificate in {certificatePath}.", PemFile.Certificate, PemFile.Key);
            }
            var withKey = key switch
            {
                RSA rsa => leaf.CopyWithPrivateKey(rsa),
                ECDsa ecdsa => leaf.CopyWithPrivateKey(ecdsa),
                _ => throw new CertificateFileException($"{keyPath} holds neither an RSA nor an EC key.", PemFile.Key),
            };
            try
            {
                CheckValidity(withKey, certificatePath, now);
            }
            catch
            {
                withKey.Dispose();
                throw;
            }
            certificates.RemoveAt(0);
            return new PemCertificatePair(withKey, certificates);
        }
        finally
        {
            key.Dispose();
            leaf.Dispose();
        }
    }

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var intermediate in Intermediates)
        {
            intermediate.Dispose();
        }
    }

    /// <summary>Reads one or more PEM certificates, e.g. a CA certificate to serve.</summary>
    /// <exception cref="CertificateFileException">The file is missing or holds no certificate.</exception>
    public static X509Certificate2Collection ReadCertificates(string path)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new CertificateFileException($"{path} cannot be read as a PEM certificate: {e.Message}", PemFile.Certificate);
        }
        if (certificates.Count == 0)
        {
            throw new CertificateFileException($"{path} holds no PEM certificate (-----BEGIN CERTIFICATE-----).", PemFile.Certificate);
        }
        return certificates;
    }

    private static AsymmetricAlgorithm ReadKey(string path)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CertificateFileException($"{path} cannot be read: {e.Message}", PemFile.Key);
        }
        foreach (var create in new Func<AsymmetricAlgorithm>[] { ECDsa.Create, RSA.Create })
        {
            var key = create();
            try
            {
                key.ImportFromPem(pem);
                return key;
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                key.Dispose();
            }
        }
        throw new CertificateFileException(
            $"{path} holds no unencrypted PEM private key (-----BEGIN PRIVATE KEY-----, RSA or EC).", PemFile.Key);
    }

    private static void CheckValidity(X509Certificate2 certificate, string path, DateTimeOffset now)
    {
        if (now.UtcDateTime < certificate.NotBefore.ToUniversalTime())
        {
            throw new CertificateFileException(
                $"the certificate in {path} is not valid before {Format(certificate.NotBefore)}.", PemFile.Certificate);
        }
        if (now.UtcDateTime > certificate.NotAfter.ToUniversalTime())
        {
            throw new CertificateFileException(
                $"the certificate in {path} expired on {Format(certificate.NotAfter)}; browsers refuse it.", PemFile.Certificate);
        }
    }

    public static string Format(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
