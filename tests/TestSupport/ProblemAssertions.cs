using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;

namespace Hiroba.TestSupport;

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 problem response with the given status and a title, and returns it (with any validation errors).</summary>
    public static async Task<HttpValidationProblemDetails> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.NotNull(problem);
        Assert.Equal((int)status, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        return problem;
    }
}
