namespace Hiroba.Certificates;

/// <summary>A certificate or key file that cannot serve TLS; <see cref="Files"/> says which file the caller should name.</summary>
public sealed class CertificateFileException(string message, params PemFile[] files) : Exception(message)
{
    public IReadOnlyList<PemFile> Files { get; } = files;
}
