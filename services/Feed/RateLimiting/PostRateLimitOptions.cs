using System.ComponentModel.DataAnnotations;

namespace Hiroba.Feed.RateLimiting;

/// <summary>Section <c>Feed:RateLimit</c>: posts allowed per client address.</summary>
public sealed record PostRateLimitOptions
{
    public const string SectionName = "Feed:RateLimit";

    [Range(1, 1_000_000)]
    public int PermitLimit { get; init; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);
}
