using System.ComponentModel.DataAnnotations;

namespace Hiroba.Gateway.Authentication;

/// <summary>Section <c>Auth:SignInRateLimit</c>: sign-in attempts allowed per client address.</summary>
public sealed record SignInRateLimitOptions
{
    public const string SectionName = "Auth:SignInRateLimit";

    [Range(1, 10_000)]
    public int PermitLimit { get; init; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);
}
