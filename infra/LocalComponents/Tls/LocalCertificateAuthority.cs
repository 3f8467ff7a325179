using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hiroba.Certificates;

namespace Hiroba.LocalComponents.Tls;

/// <summary>
/// A certificate authority made on this machine for its own room, so that guests can trust the gateway's certificate
/// without any outside help. Its certificate carries name constraints: it can vouch only for private and loopback
/// addresses and for names that never resolve on the internet, so a guest who trusts it risks nothing beyond this room.
/// </summary>
public sealed class LocalCertificateAuthority : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(3650);

    /// <summary>Apple's devices refuse server certificates valid for longer than 825 days; browsers cap public ones at 398.</summary>
    public static readonly TimeSpan ServerCertificateLifetime = TimeSpan.FromDays(397);

    /// <summary>DNS names (and names under them) the CA may vouch for: reserved for local use, never public.</summary>
    public static IReadOnlyList<string> PermittedDnsNames { get; } = ["localhost", "local", "lan", "internal", "home.arpa"];

    /// <summary>Phones' clocks drift; a certificate dated a little before its issue is valid at once everywhere.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);
    private const string NameConstraintsOid = "2.5.29.30";
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    private LocalCertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public string FingerprintSha256 => CertificateFingerprint.Sha256(Certificate);

    /// <param name="machineName">Goes into the CA's name, so a guest sees whose room it is for.</param>
    public static LocalCertificateAuthority Create(string machineName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("Hiroba");
        subject.AddCommonName($"Hiroba local CA ({machineName})");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority(pathLengthConstraint: 0));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(NameConstraints());
        return new LocalCertificateAuthority(request.CreateSelfSigned(now - ClockSkew, now + Lifetime));
    }

    /// <summary>A CA made earlier, from its PEM files.</summary>
    /// <exception cref="CertificateFileException">The files are damaged, do not match, or the CA has expired.</exception>
    public static LocalCertificateAuthority Load(string certificatePath, string keyPath, DateTimeOffset now)
    {
        var pair = PemCertificatePair.Load(certificatePath, keyPath, now);
        return new LocalCertificateAuthority(pair.Certificate);
    }

    /// <summary>True when the name constraints let this CA vouch for <paramref name="address"/>.</summary>
    public static bool Permits(IPAddress address) =>
        PrivateNetworks.IsPrivate(address) || PrivateNetworks.Contains(PrivateNetworks.Loopback, address);

    /// <summary>True when the name constraints let this CA vouch for <paramref name="dnsName"/>.</summary>
    public static bool Permits(string dnsName)
    {
        ArgumentNullException.ThrowIfNull(dnsName);
        var name = dnsName.TrimEnd('.').ToLowerInvariant();
        return PermittedDnsNames.Any(permitted => name == permitted || name.EndsWith("." + permitted, StringComparison.Ordinal));
    }

    /// <summary>A server certificate (with a new private key) for exactly these names.</summary>
    public X509Certificate2 Issue(ServerNames names, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(names);
        var outside = names.Addresses.Where(address => !Permits(address)).Select(address => address.ToString())
            .Concat(names.DnsNames.Where(name => !Permits(name))).ToArray();
        if (outside.Length > 0)
        {
            throw new ArgumentException(
                $"The local CA vouches only for private addresses and local names, not for {string.Join(", ", outside)}.", nameof(names));
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // No common name: it would be checked against the DNS constraints by some clients.
        var request = new CertificateRequest(new X500DistinguishedName("O=Hiroba"), key, HashAlgorithmName.SHA256);
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var address in names.Addresses)
        {
            alternativeNames.AddIpAddress(address);
        }
        foreach (var name in names.DnsNames)
        {
            alternativeNames.AddDnsName(name);
        }
        request.CertificateExtensions.Add(alternativeNames.Build());
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForEndEntity());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthenticationOid)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
            Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var notAfter = now + ServerCertificateLifetime;
        using var issued = request.Create(Certificate, now - ClockSkew, notAfter < Certificate.NotAfter ? notAfter : Certificate.NotAfter, SerialNumber());
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>True when <paramref name="certificate"/> chains to this CA (and only to it) at <paramref name="now"/>.</summary>
    public bool IsIssuerOf(X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        return chain.Build(certificate);
    }

    public void Dispose() => Certificate.Dispose();

    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return serial;
    }

    /// <summary>RFC 5280 §4.2.1.10: permitted subtrees only, marked critical as the RFC requires.</summary>
    private static X509Extension NameConstraints()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
        {
            foreach (var name in PermittedDnsNames)
            {
                using (writer.PushSequence())
                {
                    writer.WriteCharacterString(UniversalTagNumber.IA5String, name, new Asn1Tag(TagClass.ContextSpecific, 2));
                }
            }
            foreach (var (network, prefixLength) in PrivateNetworks.Ranges.Append(PrivateNetworks.Loopback))
            {
                using (writer.PushSequence())
                {
                    writer.WriteOctetString(
                        [.. network.GetAddressBytes(), .. PrivateNetworks.MaskBytes(prefixLength)], new Asn1Tag(TagClass.ContextSpecific, 7));
                }
            }
        }
        return new X509Extension(NameConstraintsOid, writer.Encode(), critical: true);
    }
}
