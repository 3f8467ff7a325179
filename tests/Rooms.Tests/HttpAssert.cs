using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hiroba.Rooms.Tests;

public static class HttpAssert
{
    /// <summary>Asserts an RFC 9457 problem response with the status and returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
