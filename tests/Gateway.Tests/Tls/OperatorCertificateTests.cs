using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Hiroba.Certificates;
using Hiroba.Gateway.Apis;
using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests.Tls;

/// <summary>An operator with a real domain gives PEM files instead of the local CA's (HIROBA_TLS_CERT, Gateway:Tls:CertificatePath).</summary>
public sealed class OperatorCertificateTests : IDisposable
{
    private readonly TemporaryDirectory _files = new("operator-certificate");

    [Fact]
    public async Task The_gateway_serves_the_operators_certificate_and_offers_no_CA_to_install()
    {
        var files = TestCertificates.WriteSelfSigned(_files.Path, "operator", "127.0.0.1");
        var stack = new HirobaStack(new IPEndPoint(IPAddress.Loopback, FreePorts.Tcp())) { OperatorCertificate = files };
        try
        {
            await stack.InitializeAsync();
            await AssertServesTheOperatorsCertificateAsync(stack, files);
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    private static async Task AssertServesTheOperatorsCertificateAsync(HirobaStack stack, PemFiles files)
    {
        X509Certificate2? presented = null;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            presented = X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData());
            return true;
        };
        using var client = new HttpClient(handler) { BaseAddress = stack.PublicUri };

        var site = await client.GetFromJsonAsync<SiteInfo>("/api/site");
        var ca = await client.GetAsync("/trust/ca.crt");

        using var expected = PemCertificatePair.ReadCertificates(files.CertificatePath)[0];
        Assert.Equal(expected.Thumbprint, presented?.Thumbprint);
        Assert.Null(site!.CaFingerprintSha256);
        Assert.Equal(HttpStatusCode.NotFound, ca.StatusCode);
        Assert.Null(stack.CaCertificate);
    }

    public void Dispose() => _files.Dispose();
}
