using System.Net;
using System.Net.Http.Json;
using Hiroba.TestSupport;
using static Hiroba.Gateway.Tests.HttpAssertions;
using static Hiroba.TestSupport.ProblemAssertions;

namespace Hiroba.Gateway.Tests;

public sealed class SignInRateLimitTests : IDisposable
{
    private readonly TemporaryDirectory _keyRing = new("keyring");

    [Fact]
    public async Task Sign_in_attempts_over_the_limit_get_429_with_retry_after()
    {
        await using var gateway = Gateway(("Auth:SignInRateLimit:PermitLimit", "3"), ("Auth:SignInRateLimit:Window", "00:10:00"));
        using var client = new HttpClient { BaseAddress = gateway.RootUri };

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var refused = await client.PostAsJsonAsync("/api/auth/sign-in", new { password = "guess-" + attempt });
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using var limited = await client.PostAsJsonAsync("/api/auth/sign-in", new { password = GatewayFactory.AdminPassword });

        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Assert.Null(SessionSetCookie(limited));
    }

    [Fact]
    public async Task A_client_cannot_spread_its_attempts_over_addresses_it_names_itself()
    {
        await using var gateway = Gateway(("Auth:SignInRateLimit:PermitLimit", "3"), ("Auth:SignInRateLimit:Window", "00:10:00"));
        using var client = new HttpClient { BaseAddress = gateway.RootUri };

        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInFromAsync(client, $"203.0.113.{attempt + 1}", "guess"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInFromAsync(client, "203.0.113.99", GatewayFactory.AdminPassword));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_client_address_has_its_own_limit()
    {
        await using var gateway = Gateway(
            ("ForwardedHeaders:KnownProxies:0", "127.0.0.1"), ("Auth:SignInRateLimit:PermitLimit", "3"), ("Auth:SignInRateLimit:Window", "00:10:00"));
        using var client = new HttpClient { BaseAddress = gateway.RootUri };

        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInFromAsync(client, "203.0.113.1", "guess"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInFromAsync(client, "203.0.113.1", GatewayFactory.AdminPassword));
        Assert.Equal(HttpStatusCode.OK, await SignInFromAsync(client, "203.0.113.2", GatewayFactory.AdminPassword));
    }

    [Fact]
    public async Task Wrong_passwords_from_many_addresses_spend_the_accounts_budget_and_then_no_password_is_checked()
    {
        await using var gateway = Gateway(
            ("ForwardedHeaders:KnownProxies:0", "127.0.0.1"),
            ("Auth:SignInRateLimit:AccountPermitLimit", "5"),
            ("Auth:SignInRateLimit:AccountReplenishmentPeriod", "01:00:00"));
        using var client = new HttpClient { BaseAddress = gateway.RootUri };

        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInFromAsync(client, $"198.51.100.{attempt + 1}", "guess-" + attempt));
        }

        foreach (var password in new[] { "another-guess", GatewayFactory.AdminPassword, GatewayFactory.ViewerPassword })
        {
            using var request = SignInRequest("198.51.100.200", password);
            using var paused = await client.SendAsync(request);
            await AssertProblemAsync(paused, HttpStatusCode.TooManyRequests);
            Assert.Equal(TimeSpan.FromHours(1), paused.Headers.RetryAfter?.Delta);
            Assert.Null(SessionSetCookie(paused));
        }
    }

    [Fact]
    public async Task With_the_default_limits_one_users_mistakes_lock_out_only_that_user()
    {
        await using var gateway = Gateway(("ForwardedHeaders:KnownProxies:0", "127.0.0.1"));
        using var client = new HttpClient { BaseAddress = gateway.RootUri };

        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInFromAsync(client, "192.0.2.1", "typo-" + attempt));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInFromAsync(client, "192.0.2.1", GatewayFactory.AdminPassword));
        Assert.Equal(HttpStatusCode.OK, await SignInFromAsync(client, "192.0.2.2", GatewayFactory.AdminPassword));
        Assert.Equal(HttpStatusCode.OK, await SignInFromAsync(client, "192.0.2.3", GatewayFactory.ViewerPassword));
    }

    public void Dispose() => _keyRing.Dispose();

    /// <summary>A gateway with the default sign-in limits (not the tests' raised one) and the given settings.</summary>
    private GatewayFactory Gateway(params (string Key, string Value)[] settings)
    {
        var all = GatewayFactory.BaseSettings(_keyRing.Path);
        all.Remove("Auth:SignInRateLimit:PermitLimit");
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        return new GatewayFactory(all);
    }

    private static async Task<HttpStatusCode> SignInFromAsync(HttpClient client, string forwardedFor, string password)
    {
        using var request = SignInRequest(forwardedFor, password);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static HttpRequestMessage SignInRequest(string forwardedFor, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-in") { Content = JsonContent.Create(new { password }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }
}
