using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hiroba.ServiceDefaults;

/// <summary>Settings of a per-client-address rate limit: so many requests per window.</summary>
public interface IClientRateLimitOptions
{
    int PermitLimit { get; }

    TimeSpan Window { get; }
}

public static class ClientAddressRateLimit
{
    /// <summary>
    /// A rate-limit policy named <paramref name="policyName"/>: a fixed window per client address (the connection's,
    /// or the gateway-forwarded one where the service trusts the gateway) with the limits of
    /// <typeparamref name="TOptions"/> from <paramref name="sectionName"/>, checked at start-up. Refused requests get
    /// 429 problem details with Retry-After and <paramref name="rejectedDetail"/>. Endpoints opt in with
    /// <c>RequireRateLimiting(policyName)</c>; the app calls <c>UseRateLimiter()</c>.
    /// </summary>
    public static IServiceCollection AddClientAddressRateLimit<TOptions>(
        this IServiceCollection services, string policyName, string sectionName, string rejectedDetail)
        where TOptions : class, IClientRateLimitOptions
    {
        services.AddValidatedOptions<TOptions>(sectionName);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = TooManyRequestsProblem.Writer(rejectedDetail);
            options.AddPolicy(policyName, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<TOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PermitLimit, Window = limits.Window, QueueLimit = 0 });
            });
        });
        return services;
    }
}
