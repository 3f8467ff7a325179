using System.Net;
using System.Net.Http.Json;
using Hiroba.ServiceDefaults;
using static Hiroba.Gateway.Tests.HttpAssertions;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// The cookie gets <c>Secure</c> whenever the browser's request was HTTPS, also when the TLS ends at a trusted proxy in
/// front of the gateway and when a service behind the gateway renews it; a client's own X-Forwarded-Proto counts for nothing.
/// </summary>
public sealed class SecureCookieTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string AdminOnlyServicePath = "/api/feed/admin-only";

    [Fact]
    public async Task Behind_a_trusted_tls_proxy_the_gateway_sets_a_secure_cookie()
    {
        await using var gateway = GatewayBehindAProxyOnLoopback();
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = gateway.RootUri };

        var setCookie = await SignInAsync(client, forwardedProto: "https");

        Assert.Contains("; secure", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_client_that_is_no_trusted_proxy_cannot_claim_https()
    {
        using var client = fixture.CreateClient();

        var setCookie = await SignInAsync(client, forwardedProto: "https");

        Assert.DoesNotContain("secure", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_service_that_renews_the_cookie_behind_the_gateway_keeps_it_secure()
    {
        await using var gateway = GatewayBehindAProxyOnLoopback();
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = gateway.RootUri };
        // More than half of the 12-hour session has passed, so the service sends a renewed cookie.
        var now = DateTimeOffset.UtcNow;
        var cookie = $"{SessionCookie}={fixture.Backend.CreateCookieValue(HirobaRoles.Admin, now.AddHours(5), issuedUtc: now.AddHours(-7))}";
        using var request = new HttpRequestMessage(HttpMethod.Get, AdminOnlyServicePath).WithCookie(cookie);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.20");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var renewed = SessionSetCookie(response);
        Assert.NotNull(renewed);
        Assert.Contains("; secure", renewed, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A gateway in front of the fixture's service that trusts a TLS proxy on loopback, as one on the same host would be.</summary>
    private GatewayFactory GatewayBehindAProxyOnLoopback()
    {
        var settings = GatewayFactory.BaseSettings(fixture.KeyRingPath);
        settings["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        settings[GatewayFactory.DestinationKey("feed")] = fixture.Backend.BaseUri.ToString();
        return new GatewayFactory(settings);
    }

    private static async Task<string> SignInAsync(HttpClient client, string forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-in")
        {
            Content = JsonContent.Create(new { password = GatewayFactory.AdminPassword }),
        };
        request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        request.Headers.Add("X-Forwarded-For", "203.0.113.10");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var setCookie = SessionSetCookie(response);
        Assert.NotNull(setCookie);
        return setCookie;
    }
}
