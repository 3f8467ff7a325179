using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Hiroba.ServiceDefaults;

/// <summary>The answer to a request a rate limiter refused: 429 problem details with <c>Retry-After</c>.</summary>
public static class TooManyRequestsProblem
{
    /// <param name="detail">What was limited, e.g. "Too many posts from this address."; the wait is appended.</param>
    public static Func<OnRejectedContext, CancellationToken, ValueTask> Writer(string detail) =>
        (rejected, _) => WriteAsync(rejected, detail);

    private static async ValueTask WriteAsync(OnRejectedContext rejected, string detail)
    {
        var context = rejected.HttpContext;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            detail += $" Try again in {seconds} s.";
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Detail = detail },
        });
    }
}
