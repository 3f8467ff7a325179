using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Hiroba.LocalComponents.Tls;

/// <summary>The addresses and DNS names a server certificate is for (its subject alternative names).</summary>
public sealed record ServerNames
{
    public ServerNames(IEnumerable<IPAddress> addresses, IEnumerable<string> dnsNames)
    {
        Addresses = [.. addresses.Distinct().Order(Comparer<IPAddress>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString())))];
        DnsNames = [.. dnsNames.Select(name => name.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<IPAddress> Addresses { get; }

    public IReadOnlyList<string> DnsNames { get; }

    /// <summary>The names a certificate of <see cref="LocalCertificateAuthority"/> was issued for.</summary>
    public static ServerNames Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SingleOrDefault();
        return names is null ? new ServerNames([], []) : new ServerNames(names.EnumerateIPAddresses(), names.EnumerateDnsNames());
    }

    public bool Equals(ServerNames? other) =>
        other is not null && Addresses.SequenceEqual(other.Addresses) && DnsNames.SequenceEqual(other.DnsNames);

    public override int GetHashCode() => HashCode.Combine(Addresses.Count, DnsNames.Count);

    public override string ToString() => string.Join(", ", Addresses.Select(address => address.ToString()).Concat(DnsNames));
}
