using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;

namespace Hiroba.Feed.Tests;

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 problem with the given status and returns it (validation errors included).</summary>
    public static async Task<HttpValidationProblemDetails> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.NotNull(problem);
        Assert.Equal((int)status, problem.Status);
        return problem;
    }
}
