using System.ComponentModel.DataAnnotations;
using Hiroba.ServiceDefaults;

namespace Hiroba.Gateway.Authentication;

/// <summary>Section <c>Auth:SignInRateLimit</c>: how often sign-in may be tried, per client address and per account.</summary>
public sealed record SignInRateLimitOptions : IClientRateLimitOptions
{
    public const string SectionName = "Auth:SignInRateLimit";

    /// <summary>Attempts per client address (right or wrong) per <see cref="Window"/>.</summary>
    [Range(1, 10_000)]
    public int PermitLimit { get; init; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Wrong passwords from all addresses together before sign-in pauses (<see cref="WrongPasswordBudget"/>).</summary>
    [Range(1, 10_000)]
    public int AccountPermitLimit { get; init; } = 30;

    /// <summary>Once those are spent, one more wrong password is allowed per this period.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AccountReplenishmentPeriod { get; init; } = TimeSpan.FromSeconds(10);
}
