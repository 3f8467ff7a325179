using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// Writes every problem (from <c>TypedResults.Problem</c>, the exception handler and the status
/// code pages) as JSON, for every client, including browsers that ask for HTML.
/// </summary>
internal sealed class AlwaysJsonProblemDetailsWriter(
    IOptions<ProblemDetailsOptions> problemDetailsOptions, IOptions<JsonOptions> jsonOptions) : IProblemDetailsWriter
{
    private const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var response = context.HttpContext.Response;
        problem.Status ??= response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        response.StatusCode = problem.Status.Value;
        problemDetailsOptions.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(response.WriteAsJsonAsync(
            problem, problem.GetType(), jsonOptions.Value.SerializerOptions, ContentType, context.HttpContext.RequestAborted));
    }
}
