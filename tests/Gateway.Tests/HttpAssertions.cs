using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;

namespace Hiroba.Gateway.Tests;

public static class HttpAssertions
{
    public const string SessionCookie = "hiroba.session";

    /// <summary>Asserts an RFC 9457 problem response with the given status and returns it.</summary>
    public static async Task<ProblemDetails> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.NotNull(problem);
        Assert.Equal((int)status, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        return problem;
    }

    /// <summary>The session cookie's Set-Cookie header, or null when none was set.</summary>
    public static string? SessionSetCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(value => value.StartsWith(SessionCookie + "=", StringComparison.Ordinal))
            : null;

    /// <summary>The <c>name=value</c> part of a Set-Cookie header, ready for a Cookie header.</summary>
    public static string CookiePair(string setCookie) => setCookie.Split(';')[0];

    public static HttpRequestMessage WithCookie(this HttpRequestMessage request, string? cookie)
    {
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return request;
    }
}
