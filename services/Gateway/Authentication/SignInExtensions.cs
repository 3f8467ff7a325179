using Hiroba.ServiceDefaults;
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
            options.OnRejected = TooManyRequestsProblem.Writer("Too many sign-in attempts from this address.");
            options.AddPolicy(RateLimitPolicy, context =>
            {
                // The gateway faces clients directly, so the connection's address is the client's;
                // forwarding headers are client-controlled and deliberately ignored.
                var limits = context.RequestServices.GetRequiredService<IOptions<SignInRateLimitOptions>>().Value;
                return ClientAddressRateLimit.FixedWindow(context, limits.PermitLimit, limits.Window);
            });
        });
        return builder;
    }
}
