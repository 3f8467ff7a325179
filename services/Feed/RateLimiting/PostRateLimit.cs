using Hiroba.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Hiroba.Feed.RateLimiting;

public static class PostRateLimit
{
    public const string PolicyName = "posts";

    /// <summary>
    /// At most <see cref="PostRateLimitOptions.PermitLimit"/> posts per window from one client address (the one the
    /// gateway forwards); more get 429 with Retry-After.
    /// </summary>
    public static IServiceCollection AddPostRateLimit(this IServiceCollection services)
    {
        services.AddValidatedOptions<PostRateLimitOptions>(PostRateLimitOptions.SectionName);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = TooManyRequestsProblem.Writer("Too many posts from this address.");
            options.AddPolicy(PolicyName, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<PostRateLimitOptions>>().Value;
                return ClientAddressRateLimit.FixedWindow(context, limits.PermitLimit, limits.Window);
            });
        });
        return services;
    }
}
