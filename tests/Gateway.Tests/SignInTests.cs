using System.Net;
using System.Net.Http.Json;
using Hiroba.Gateway.Apis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Hiroba.ServiceDefaults;
using Hiroba.TestSupport;
using static Hiroba.Gateway.Tests.HttpAssertions;
using static Hiroba.TestSupport.ProblemAssertions;

namespace Hiroba.Gateway.Tests;

public sealed class SignInTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string AdminOnlyServicePath = "/api/feed/admin-only";

    [Fact]
    public async Task Wrong_password_is_401_problem_and_sets_no_cookie()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { password = "not-the-password" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Wrong password.", problem.Detail);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Admin_password_sets_a_strict_http_only_cookie_and_me_says_admin()
    {
        using var client = fixture.CreateClient();

        var setCookie = await SignInAsync(client, GatewayFactory.AdminPassword);

        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HirobaRoles.Admin, await GetRoleAsync(client, CookiePair(setCookie)));
    }

    [Fact]
    public async Task Viewer_password_signs_in_as_viewer_whom_an_admin_only_service_endpoint_refuses()
    {
        using var client = fixture.CreateClient();
        var cookie = CookiePair(await SignInAsync(client, GatewayFactory.ViewerPassword));

        Assert.Equal(HirobaRoles.Viewer, await GetRoleAsync(client, cookie));
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, AdminOnlyServicePath).WithCookie(cookie));
        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_cookie_from_the_gateway_is_accepted_by_the_service_behind_it()
    {
        using var client = fixture.CreateClient();
        var cookie = CookiePair(await SignInAsync(client, GatewayFactory.AdminPassword));

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, AdminOnlyServicePath).WithCookie(cookie));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = await response.Content.ReadFromJsonAsync<BackendApp.WhoAmI>();
        Assert.Equal(HirobaRoles.Admin, seen?.Name);
    }

    [Fact]
    public async Task Without_a_cookie_the_service_answers_401_problem_instead_of_redirecting()
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync(AdminOnlyServicePath);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_cookie_forged_with_another_key_ring_is_refused()
    {
        using var otherKeyRing = new TemporaryDirectory("forger");
        var forgerProvider = DataProtectionProvider.Create(
            new DirectoryInfo(otherKeyRing.Path),
            builder => builder.SetApplicationName(HirobaAuthentication.DataProtectionApplicationName));
        var forgedTicketFormat = new TicketDataFormat(forgerProvider.CreateProtector(
            "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", HirobaAuthentication.Scheme, "v2"));
        var forged = forgedTicketFormat.Protect(new AuthenticationTicket(
            HirobaAuthentication.CreatePrincipal(HirobaRoles.Admin, HirobaAuthentication.NewSessionId()), HirobaAuthentication.Scheme));
        using var client = fixture.CreateClient();

        foreach (var value in new[] { forged, "CfDJ8" + new string('A', 200) })
        {
            var cookie = $"{SessionCookie}={value}";
            using var atService = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, AdminOnlyServicePath).WithCookie(cookie));
            await AssertProblemAsync(atService, HttpStatusCode.Unauthorized);
            using var atGateway = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/me").WithCookie(cookie));
            await AssertProblemAsync(atGateway, HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task An_expired_cookie_is_refused_while_the_same_cookie_unexpired_is_accepted()
    {
        using var client = fixture.CreateClient();
        var expired = $"{SessionCookie}={fixture.Backend.CreateCookieValue(HirobaRoles.Admin, DateTimeOffset.UtcNow.AddMinutes(-1))}";
        var current = $"{SessionCookie}={fixture.Backend.CreateCookieValue(HirobaRoles.Admin, DateTimeOffset.UtcNow.AddHours(1))}";

        using var refused = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, AdminOnlyServicePath).WithCookie(expired));
        using var accepted = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, AdminOnlyServicePath).WithCookie(current));

        await AssertProblemAsync(refused, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Sign_out_expires_the_cookie()
    {
        using var client = fixture.CreateClient();
        var cookie = CookiePair(await SignInAsync(client, GatewayFactory.AdminPassword));

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out").WithCookie(cookie));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var cleared = SessionSetCookie(response);
        Assert.NotNull(cleared);
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/feed?x=1", "/feed?x=1")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    public async Task A_form_post_redirects_only_to_a_local_return_url(string returnUrl, string expectedLocation)
    {
        using var client = fixture.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["password"] = GatewayFactory.AdminPassword,
            ["returnUrl"] = returnUrl,
        });

        using var response = await client.PostAsync("/api/auth/sign-in", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expectedLocation, response.Headers.Location?.OriginalString);
        Assert.NotNull(SessionSetCookie(response));
    }

    [Fact]
    public async Task A_request_without_a_password_is_a_400_problem()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { password = "" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Null(SessionSetCookie(response));
    }


    private static async Task<string?> GetRoleAsync(HttpClient client, string cookie)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/me").WithCookie(cookie));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SignedInUser>())?.Role;
    }
}
