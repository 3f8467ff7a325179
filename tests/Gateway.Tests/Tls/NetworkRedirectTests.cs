using System.Net;
using Hiroba.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Hiroba.Gateway.Tests.Tls;

/// <summary>
/// Plain HTTP once the gateway has TLS: served to this machine (loopback), redirected for the network. The network
/// side is a request whose local address is a LAN one, which this test's loopback-only namespace cannot make for real.
/// </summary>
public sealed class NetworkRedirectTests : IDisposable
{
    private static readonly IPAddress Lan = IPAddress.Parse("192.168.77.2");
    private readonly TemporaryDirectory _directory = new("gateway-redirect");
    private readonly WebApplicationFactory<Program> _gateway;

    public NetworkRedirectTests()
    {
        var certificate = TestCertificates.WriteSelfSigned(_directory.Path, "server", "192.168.77.2");
        var settings = GatewayFactory.BaseSettings(Path.Combine(_directory.Path, "keyring"));
        settings["Gateway:PublicUrl"] = "https://192.168.77.2:8443";
        settings["Gateway:Tls:CertificatePath"] = certificate.CertificatePath;
        settings["Gateway:Tls:KeyPath"] = certificate.KeyPath;
        settings["urls"] = "http://127.0.0.1:0;https://127.0.0.1:0";
        _gateway = new InMemoryGateway(settings);
    }

    [Theory]
    [InlineData("/feed?x=1", "https://192.168.77.2:8443/feed?x=1")]
    [InlineData("/", "https://192.168.77.2:8443/")]
    [InlineData("//elsewhere.example/x", "https://192.168.77.2:8443//elsewhere.example/x")]
    public async Task Plain_http_from_the_network_is_redirected_to_the_public_https_origin(string target, string location)
    {
        var context = await SendAsync("GET", target, Lan);

        Assert.Equal(StatusCodes.Status307TemporaryRedirect, context.Response.StatusCode);
        Assert.Equal(location, context.Response.Headers.Location.ToString());
    }

    [Fact]
    public async Task A_post_from_the_network_is_redirected_too_and_never_reaches_the_api()
    {
        var context = await SendAsync("POST", "/api/auth/sign-in", Lan);

        Assert.Equal(StatusCodes.Status307TemporaryRedirect, context.Response.StatusCode);
    }

    [Theory]
    [InlineData("/trust")]
    [InlineData("/css/site.css")]
    [InlineData("/js/trust.js")]
    [InlineData("/api/site")]
    public async Task What_a_guest_needs_before_trusting_the_certificate_is_served_over_plain_http(string path)
    {
        var context = await SendAsync("GET", path, Lan);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
    }

    [Fact]
    public async Task Plain_http_on_loopback_is_served()
    {
        var context = await SendAsync("GET", "/feed", IPAddress.Loopback);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
    }

    public void Dispose()
    {
        _gateway.Dispose();
        _directory.Dispose();
    }

    private Task<HttpContext> SendAsync(string method, string target, IPAddress localAddress)
    {
        var question = target.IndexOf('?', StringComparison.Ordinal);
        return _gateway.Server.SendAsync(context =>
        {
            context.Request.Method = method;
            context.Request.Scheme = "http";
            context.Request.Path = question < 0 ? target : target[..question];
            context.Request.QueryString = question < 0 ? QueryString.Empty : new QueryString(target[question..]);
            context.Connection.LocalIpAddress = localAddress;
        });
    }

    private sealed class InMemoryGateway(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
