using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using Hiroba.Certificates;
using Hiroba.LocalComponents.Tls;
using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests.Tls;

[SupportedOSPlatform("linux")]
public sealed class LocalTlsFolderTests : IDisposable
{
    private static readonly ServerNames RoomNames = new([IPAddress.Parse("192.168.77.2"), IPAddress.Loopback], ["localhost", "vm.local"]);
    private readonly TemporaryDirectory _data = new("local-tls");
    private readonly SettableTime _time = new(DateTimeOffset.UtcNow);

    private string Folder => Path.Combine(_data.Path, "tls");

    [Fact]
    public async Task The_CA_is_made_once_and_reused_with_its_key_readable_by_the_owner_only()
    {
        var first = await EnsureAsync(RoomNames);
        var caBytes = await File.ReadAllBytesAsync(first.CaCertificatePath);
        var second = await EnsureAsync(RoomNames);

        Assert.True(first.CaCreated);
        Assert.False(second.CaCreated);
        Assert.Equal(caBytes, await File.ReadAllBytesAsync(second.CaCertificatePath));
        Assert.Equal(first.CaFingerprintSha256, second.CaFingerprintSha256);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Folder));
        Assert.Equal(SecretFile.OwnerOnly, File.GetUnixFileMode(first.CaKeyPath));
        Assert.Equal(SecretFile.OwnerOnly, File.GetUnixFileMode(first.KeyPath));
    }

    [Fact]
    public async Task The_fingerprint_is_the_SHA_256_of_the_CA_file()
    {
        var files = await EnsureAsync(RoomNames);

        using var ca = PemCertificatePair.ReadCertificates(files.CaCertificatePath)[0];
        Assert.Equal(Convert.ToHexString(ca.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)), files.CaFingerprintSha256.Replace(":", "", StringComparison.Ordinal));
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", files.CaFingerprintSha256);
    }

    [Fact]
    public async Task The_server_certificate_is_issued_again_when_the_names_change_and_not_otherwise()
    {
        await EnsureAsync(RoomNames);
        var issued = await File.ReadAllTextAsync(Path.Combine(Folder, LocalTlsFolder.CertificateFileName));

        var unchanged = await EnsureAsync(RoomNames);
        Assert.False(unchanged.CertificateIssued);
        Assert.Equal(issued, await File.ReadAllTextAsync(unchanged.CertificatePath));

        var moved = new ServerNames([IPAddress.Parse("10.1.2.3"), IPAddress.Loopback], ["localhost", "vm.local"]);
        var reissued = await EnsureAsync(moved);
        Assert.True(reissued.CertificateIssued);
        Assert.False(reissued.CaCreated);
        using var server = X509Certificate2.CreateFromPemFile(reissued.CertificatePath, reissued.KeyPath);
        Assert.Equal(moved, ServerNames.Of(server));
    }

    [Fact]
    public async Task The_server_certificate_is_issued_again_near_its_end_and_chains_to_the_same_CA()
    {
        var first = await EnsureAsync(RoomNames);
        using var before = PemCertificatePair.ReadCertificates(first.CertificatePath)[0];

        _time.Now = before.NotAfter.ToUniversalTime() - LocalTlsFolder.RenewBefore + TimeSpan.FromHours(1);
        var renewed = await EnsureAsync(RoomNames);

        Assert.True(renewed.CertificateIssued);
        Assert.Equal(first.CaFingerprintSha256, renewed.CaFingerprintSha256);
        using var after = PemCertificatePair.ReadCertificates(renewed.CertificatePath)[0];
        Assert.True(after.NotAfter > before.NotAfter);
    }

    [Fact]
    public async Task The_server_certificate_serves_TLS_for_its_names_trusting_only_the_CA()
    {
        var files = await EnsureAsync(RoomNames);
        using var server = PemCertificatePair.Load(files.CertificatePath, files.KeyPath, _time.Now);
        using var ca = PemCertificatePair.ReadCertificates(files.CaCertificatePath)[0];

        Assert.True(server.Certificate.MatchesHostname("192.168.77.2"));
        Assert.True(server.Certificate.MatchesHostname("vm.local"));
        Assert.Contains(server.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(),
            oid => oid.Value == "1.3.6.1.5.5.7.3.1");
        Assert.True(Chains(server.Certificate, ca));
        using var stranger = LocalCertificateAuthority.Create("elsewhere", _time.Now);
        Assert.False(Chains(server.Certificate, stranger.Certificate));
    }

    [Fact]
    public void The_CA_refuses_public_names_and_its_name_constraints_make_every_validator_refuse_them_too()
    {
        using var authority = LocalCertificateAuthority.Create("vm", _time.Now);

        Assert.Throws<ArgumentException>(() => authority.Issue(new ServerNames([IPAddress.Parse("8.8.8.8")], []), _time.Now));
        Assert.Throws<ArgumentException>(() => authority.Issue(new ServerNames([], ["bank.example.com"]), _time.Now));

        // A certificate the CA's key signs for a public name all the same, as a stolen key could: OpenSSL refuses it.
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new CertificateRequest("O=Impostor", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("bank.example.com");
        request.CertificateExtensions.Add(names.Build());
        using var forged = request.Create(authority.Certificate, _time.Now.AddHours(-1), _time.Now.AddDays(1), [1, 2, 3, 4]);
        Assert.False(Chains(forged, authority.Certificate));
        using var allowed = authority.Issue(new ServerNames([IPAddress.Parse("172.20.0.5")], ["hiroba.lan"]), _time.Now);
        Assert.True(Chains(allowed, authority.Certificate));
    }

    [Fact]
    public async Task A_damaged_CA_is_a_clear_error_and_is_not_replaced()
    {
        var files = await EnsureAsync(RoomNames);
        await File.WriteAllTextAsync(files.CaKeyPath, "not a key");

        var error = await Assert.ThrowsAsync<CertificateFileException>(() => EnsureAsync(RoomNames));

        Assert.Contains(files.CaKeyPath, error.Message, StringComparison.Ordinal);
        Assert.Equal("not a key", await File.ReadAllTextAsync(files.CaKeyPath));
    }

    public void Dispose() => _data.Dispose();

    private Task<LocalTlsFiles> EnsureAsync(ServerNames names) =>
        LocalTlsFolder.EnsureAsync(Folder, names, "vm", _time, CancellationToken.None);

    private bool Chains(X509Certificate2 certificate, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _time.Now.UtcDateTime;
        return chain.Build(certificate);
    }
}
