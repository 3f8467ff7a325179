using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Hiroba.Certificates;
using Hiroba.Gateway.Apis;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests.Tls;

public sealed class HttpsServingTests(LoopbackHttpsStack stack) : IClassFixture<LoopbackHttpsStack>
{
    [Fact]
    public async Task A_client_that_trusts_only_the_local_CA_gets_the_site_over_https()
    {
        using var client = stack.CreatePublicClient();

        var response = await client.GetAsync("/api/site");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Uri.UriSchemeHttps, response.RequestMessage!.RequestUri!.Scheme);
    }

    [Fact]
    public async Task A_client_that_trusts_nothing_of_ours_is_refused_by_tls()
    {
        using var client = new HttpClient(CaTrust.Handler(ca: null)) { BaseAddress = stack.PublicUri };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/api/site"));

        Assert.IsType<System.Security.Authentication.AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task The_site_names_the_public_https_url_the_fingerprint_of_the_CA_file_and_the_trust_page()
    {
        using var client = stack.CreatePublicClient();

        var site = await client.GetFromJsonAsync<SiteInfo>("/api/site");

        var caFile = stack.CaCertificate!;
        Assert.Equal(stack.PublicUri.ToString().TrimEnd('/'), site!.PublicUrl);
        Assert.Equal(string.Join(':', Convert.ToHexString(SHA256.HashData(caFile.RawData)).Chunk(2).Select(pair => new string(pair))), site.CaFingerprintSha256);
        Assert.Equal("/trust", site.TrustUrl);
    }

    [Fact]
    public async Task The_CA_certificate_is_served_for_phones_to_install_as_DER_and_as_PEM()
    {
        using var client = stack.CreatePublicClient();

        var der = await client.GetAsync("/trust/ca.crt");
        var pem = await client.GetStringAsync("/trust/ca.pem");

        Assert.Equal(HttpStatusCode.OK, der.StatusCode);
        Assert.Equal("application/x-x509-ca-cert", der.Content.Headers.ContentType?.MediaType);
        Assert.Equal(stack.CaCertificate!.RawData, await der.Content.ReadAsByteArrayAsync());
        Assert.Equal(stack.CaCertificate.RawData, System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem).RawData);
        Assert.DoesNotContain("PRIVATE KEY", pem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trust_page_explains_every_system_and_is_served_over_plain_http_too()
    {
        using var client = stack.CreateClient();

        var page = await client.GetStringAsync("/trust");

        Assert.Contains("Trust this Hiroba", page, StringComparison.Ordinal);
        foreach (var system in new[] { "Windows", "macOS", "Linux", "Android", "iPhone", "Firefox" })
        {
            Assert.Contains(system, page, StringComparison.Ordinal);
        }
        Assert.Contains("/trust/ca.crt", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_machines_own_browser_keeps_plain_http_on_loopback()
    {
        using var client = stack.CreateClient();

        var response = await client.GetAsync("/feed");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Uri.UriSchemeHttp, stack.GatewayUri.Scheme);
    }
}
