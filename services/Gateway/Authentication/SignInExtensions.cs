using Hiroba.ServiceDefaults;

namespace Hiroba.Gateway.Authentication;

public static class SignInExtensions
{
    public const string RateLimitPolicy = "sign-in";

    /// <summary>Passwords checked at start-up, the verifier, and the sign-in limits per client address and per account.</summary>
    public static WebApplicationBuilder AddSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PasswordOptions>(PasswordOptions.SectionName);
        builder.Services.AddSingleton<PasswordVerifier>();
        // The client address is the connection's, or the one a trusted proxy in front forwarded
        // (ForwardedHeaders:KnownProxies); a client's own forwarding headers are ignored.
        builder.Services.AddClientAddressRateLimit<SignInRateLimitOptions>(
            RateLimitPolicy, SignInRateLimitOptions.SectionName, "Too many sign-in attempts from this address.");
        builder.Services.AddSingleton<WrongPasswordBudget>();
        return builder;
    }
}
