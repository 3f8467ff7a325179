using Hiroba.LocalComponents;
using Hiroba.LocalComponents.Tls;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests.Tls;

/// <summary>The built gateway as compose starts it (no app host): TLS settings that cannot work stop it, naming the setting.</summary>
public sealed class TlsSettingsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new("gateway-tls-settings");

    [Fact]
    public Task A_key_that_does_not_belong_to_the_certificate_stops_it() =>
        AssertRefusedAsync(settings =>
        {
            var other = TestCertificates.WriteSelfSigned(_directory.Path, "other", "127.0.0.1");
            settings["Gateway:Tls:KeyPath"] = other.KeyPath;
        }, "Setting Gateway:Tls:CertificatePath, Gateway:Tls:KeyPath is invalid", "does not belong");

    [Fact]
    public Task An_expired_certificate_stops_it() =>
        AssertRefusedAsync(settings =>
        {
            var expired = TestCertificates.WriteSelfSigned(
                _directory.Path, "expired", DateTimeOffset.UtcNow.AddDays(-90), DateTimeOffset.UtcNow.AddDays(-2), "127.0.0.1");
            (settings["Gateway:Tls:CertificatePath"], settings["Gateway:Tls:KeyPath"]) = (expired.CertificatePath, expired.KeyPath);
        }, "Setting Gateway:Tls:CertificatePath is invalid", "expired on");

    [Fact]
    public Task A_missing_certificate_file_stops_it() =>
        AssertRefusedAsync(settings => settings["Gateway:Tls:CertificatePath"] = Path.Combine(_directory.Path, "absent.crt"),
            "Setting Gateway:Tls:CertificatePath is invalid", "absent.crt");

    [Fact]
    public Task A_CA_that_did_not_issue_the_certificate_stops_it() =>
        AssertRefusedAsync(settings =>
        {
            using var stranger = LocalCertificateAuthority.Create("elsewhere", DateTimeOffset.UtcNow);
            var path = Path.Combine(_directory.Path, "stranger-ca.crt");
            File.WriteAllText(path, stranger.Certificate.ExportCertificatePem());
            settings["Gateway:Tls:CaCertificatePath"] = path;
        }, "Setting Gateway:Tls:CaCertificatePath is invalid", "did not issue");

    [Fact]
    public Task An_https_address_without_a_certificate_stops_it() =>
        AssertRefusedAsync(settings =>
        {
            settings.Remove("Gateway:Tls:CertificatePath");
            settings.Remove("Gateway:Tls:KeyPath");
        }, "Setting Gateway:Tls:CertificatePath is missing", "https://127.0.0.1");

    [Fact]
    public Task A_certificate_without_an_https_address_stops_it() =>
        AssertRefusedAsync(_ => { }, "Setting Gateway:Tls:CertificatePath is invalid", "no https address", httpsUrl: false);

    [Fact]
    public Task A_plain_http_public_url_with_tls_stops_it() =>
        AssertRefusedAsync(settings => settings["Gateway:PublicUrl"] = "http://127.0.0.1:8080",
            "Setting Gateway:PublicUrl is invalid", "https origin");

    public void Dispose() => _directory.Dispose();

    private async Task AssertRefusedAsync(
        Action<Dictionary<string, string?>> change, string setting, string detail, bool httpsUrl = true)
    {
        var port = FreePorts.Tcp();
        var certificate = TestCertificates.WriteSelfSigned(_directory.Path, "server", "127.0.0.1");
        var settings = GatewayFactory.BaseSettings(Path.Combine(_directory.Path, "keyring"));
        settings["Gateway:PublicUrl"] = $"https://127.0.0.1:{port}";
        settings["Gateway:Tls:CertificatePath"] = certificate.CertificatePath;
        settings["Gateway:Tls:KeyPath"] = certificate.KeyPath;
        change(settings);

        var error = await Assert.ThrowsAsync<ChildProcessException>(() => ServiceProcess.StartAsync(
            "Gateway", settings, additionalUrls: httpsUrl ? [$"https://127.0.0.1:{port}"] : []));

        Assert.Contains(error.RecentOutput, line => line.Contains(setting, StringComparison.Ordinal) && line.Contains(detail, StringComparison.Ordinal));
    }
}
