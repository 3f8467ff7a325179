using System.Globalization;
using System.Threading.RateLimiting;
using Hiroba.ServiceDefaults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hiroba.Gateway.Authentication;

public static class SignInExtensions
{
    public const string RateLimitPolicy = "sign-in";

    /// <summary>Passwords checked at start-up, the verifier and the per-address sign-in rate limit.</summary>
    public static WebApplicationBuilder AddSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PasswordOptions>(PasswordOptions.SectionName);
        builder.Services.AddValidatedOptions<SignInRateLimitOptions>(SignInRateLimitOptions.SectionName);
        builder.Services.AddSingleton<PasswordVerifier>();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = WriteTooManyAttemptsAsync;
            options.AddPolicy(RateLimitPolicy, context =>
            {
                // The gateway faces clients directly, so the connection's address is the client's;
                // forwarding headers are client-controlled and deliberately ignored.
                var limits = context.RequestServices.GetRequiredService<IOptions<SignInRateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PermitLimit, Window = limits.Window, QueueLimit = 0 });
            });
        });
        return builder;
    }

    private static async ValueTask WriteTooManyAttemptsAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var detail = "Too many sign-in attempts from this address.";
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
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
