using System.Security.Cryptography.X509Certificates;
using Hiroba.Certificates;

namespace Hiroba.LocalComponents.Tls;

/// <summary>
/// The local CA and the gateway's server certificate in one folder of the data path (0700; keys 0600). The CA is made
/// once and kept, so guests trust it once; the server certificate is issued again when the names it must cover change
/// or its end draws near, and kept otherwise.
/// </summary>
public static class LocalTlsFolder
{
    public const string CaCertificateFileName = "ca.crt";
    public const string CaKeyFileName = "ca.key";
    public const string CertificateFileName = "server.crt";
    public const string KeyFileName = "server.key";

    /// <summary>A server certificate this close to its end is issued again.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    /// <exception cref="CertificateFileException">The stored CA is damaged or has expired (it is never replaced silently: guests trust it).</exception>
    public static async Task<LocalTlsFiles> EnsureAsync(
        string folder, ServerNames names, string machineName, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var now = time.GetUtcNow();
        var files = new LocalTlsFiles(
            Path.Combine(folder, CaCertificateFileName), Path.Combine(folder, CaKeyFileName),
            Path.Combine(folder, CertificateFileName), Path.Combine(folder, KeyFileName));

        var caCreated = !File.Exists(files.CaCertificatePath) || !File.Exists(files.CaKeyPath);
        using var authority = caCreated
            ? LocalCertificateAuthority.Create(machineName, now)
            : LoadAuthority(files, now);
        if (caCreated)
        {
            await WritePairAsync(authority.Certificate, files.CaCertificatePath, files.CaKeyPath, cancellationToken);
        }

        var reissued = caCreated || !IsCurrent(files, authority, names, now);
        if (reissued)
        {
            using var server = authority.Issue(names, now);
            await WritePairAsync(server, files.CertificatePath, files.KeyPath, cancellationToken);
        }
        return files with { CaFingerprintSha256 = authority.FingerprintSha256, CaCreated = caCreated, CertificateIssued = reissued };
    }

    private static LocalCertificateAuthority LoadAuthority(LocalTlsFiles files, DateTimeOffset now)
    {
        try
        {
            return LocalCertificateAuthority.Load(files.CaCertificatePath, files.CaKeyPath, now);
        }
        catch (CertificateFileException e)
        {
            throw new CertificateFileException(
                $"The local CA cannot be used: {e.Message} Delete {Path.GetDirectoryName(files.CaCertificatePath)} to make a new one; every guest device must then trust the new one.",
                PemFile.Certificate);
        }
    }

    private static bool IsCurrent(LocalTlsFiles files, LocalCertificateAuthority authority, ServerNames names, DateTimeOffset now)
    {
        if (!File.Exists(files.CertificatePath) || !File.Exists(files.KeyPath))
        {
            return false;
        }
        try
        {
            using var server = PemCertificatePair.Load(files.CertificatePath, files.KeyPath, now);
            return authority.IsIssuerOf(server.Certificate, now)
                && ServerNames.Of(server.Certificate).Equals(names)
                && server.Certificate.NotAfter.ToUniversalTime() - now.UtcDateTime > RenewBefore;
        }
        catch (CertificateFileException)
        {
            // Damaged or expired: issued again.
            return false;
        }
    }

    private static async Task WritePairAsync(X509Certificate2 certificate, string certificatePath, string keyPath, CancellationToken cancellationToken)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The local CA makes EC keys only.");
        await SecretFile.WriteAsync(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n", cancellationToken);
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem() + "\n", cancellationToken);
    }
}

/// <summary>Where <see cref="LocalTlsFolder"/> keeps the CA and the server certificate, and what it did this time.</summary>
public sealed record LocalTlsFiles(string CaCertificatePath, string CaKeyPath, string CertificatePath, string KeyPath)
{
    public string CaFingerprintSha256 { get; init; } = "";

    public bool CaCreated { get; init; }

    public bool CertificateIssued { get; init; }
}
