using Hiroba.ServiceDefaults;

namespace Hiroba.Gateway.Authentication;

public static class SignInExtensions
{
    public const string RateLimitPolicy = "sign-in";

    /// <summary>Passwords checked at start-up, the verifier and the per-address sign-in rate limit.</summary>
    public static WebApplicationBuilder AddSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PasswordOptions>(PasswordOptions.SectionName);
        builder.Services.AddSingleton<PasswordVerifier>();
        // The gateway faces clients directly, so the connection's address is the client's; forwarding headers are
        // client-controlled and deliberately ignored (the gateway never uses the forwarded-headers middleware).
        builder.Services.AddClientAddressRateLimit<SignInRateLimitOptions>(
            RateLimitPolicy, SignInRateLimitOptions.SectionName, "Too many sign-in attempts from this address.");
        return builder;
    }
}
