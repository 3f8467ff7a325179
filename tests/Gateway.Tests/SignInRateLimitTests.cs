using System.Net;
using System.Net.Http.Json;
using Hiroba.TestSupport;
using static Hiroba.Gateway.Tests.HttpAssertions;

namespace Hiroba.Gateway.Tests;

public sealed class SignInRateLimitTests
{
    [Fact]
    public async Task Sign_in_attempts_over_the_limit_get_429_with_retry_after()
    {
        using var keyRing = new TemporaryDirectory("keyring");
        var settings = GatewayFactory.BaseSettings(keyRing.Path);
        settings["Auth:SignInRateLimit:PermitLimit"] = "3";
        settings["Auth:SignInRateLimit:Window"] = "00:10:00";
        await using var gateway = new GatewayFactory(settings);
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
}
