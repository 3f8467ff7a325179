using System.Net;
using System.Net.Http.Json;

namespace Hiroba.Gateway.Tests;

public static class HttpAssertions
{
    public const string SessionCookie = "hiroba.session";

    /// <summary>The session cookie's Set-Cookie header, or null when none was set.</summary>
    public static string? SessionSetCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(value => value.StartsWith(SessionCookie + "=", StringComparison.Ordinal))
            : null;

    /// <summary>The <c>name=value</c> part of a Set-Cookie header, ready for a Cookie header.</summary>
    public static string CookiePair(string setCookie) => setCookie.Split(';')[0];

    /// <summary>Signs in with the password (it must be accepted) and returns the session cookie's Set-Cookie header.</summary>
    public static async Task<string> SignInAsync(HttpClient client, string password)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var setCookie = SessionSetCookie(response);
        Assert.NotNull(setCookie);
        return setCookie;
    }

    public static HttpRequestMessage WithCookie(this HttpRequestMessage request, string? cookie)
    {
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return request;
    }
}
