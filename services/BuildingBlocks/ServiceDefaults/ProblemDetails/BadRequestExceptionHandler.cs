using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// A request the server refuses while the endpoint reads it (Kestrel's <see cref="BadHttpRequestException"/>: a body
/// over the size limit, a body cut short, a malformed chunk) is the client's mistake: it gets problem details with the
/// exception's status (413 for a body too large), and one information line in the log instead of an error with a stack
/// trace. Handled here, the exception handler middleware logs nothing of its own (.NET 10).
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }
        var request = httpContext.Request;
        LogRefused(logger, request.Method, request.Path, badRequest.StatusCode, badRequest.Message);
        var limit = httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Detail = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge && limit is not null
                    ? $"The request body is larger than this endpoint accepts ({limit} bytes)."
                    : null,
            },
        });
    }

    [LoggerMessage(LogLevel.Information, "Refused {Method} {Path} with {StatusCode}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, int statusCode, string reason);
}
