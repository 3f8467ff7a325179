using System.ComponentModel.DataAnnotations;
using Hiroba.ServiceDefaults;

namespace Hiroba.Feed.RateLimiting;

/// <summary>Section <c>Feed:RateLimit</c>: posts allowed per client address (the one the gateway forwards).</summary>
public sealed record PostRateLimitOptions : IClientRateLimitOptions
{
    public const string SectionName = "Feed:RateLimit";

    /// <summary>The rate-limit policy of <c>POST /api/feed/posts</c>.</summary>
    public const string PolicyName = "posts";

    [Range(1, 1_000_000)]
    public int PermitLimit { get; init; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);
}
