using System.ComponentModel.DataAnnotations;
using Hiroba.ServiceDefaults;

namespace Hiroba.Snapshots.Apis;

/// <summary>Section <c>Snapshots:JoinRateLimit</c>: guest joins per client address.</summary>
public sealed record JoinRateLimitOptions : IClientRateLimitOptions
{
    public const string SectionName = "Snapshots:JoinRateLimit";

    public const string PolicyName = "guest-joins";

    [Range(1, 1_000_000)]
    public int PermitLimit { get; init; } = 120;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);
}
