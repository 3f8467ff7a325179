using System.ComponentModel.DataAnnotations;
using Hiroba.ServiceDefaults;

namespace Hiroba.Snapshots.Apis;

/// <summary>
/// Section <c>Snapshots:JoinRateLimit</c>: guest joins per client address. The window is short so that one client
/// cannot take a room's seats in a second, yet a classroom behind one address (50 guests in a minute) gets in: its guest
/// pages try again by themselves after the <c>Retry-After</c> of a refusal.
/// </summary>
public sealed record JoinRateLimitOptions : IClientRateLimitOptions
{
    public const string SectionName = "Snapshots:JoinRateLimit";

    public const string PolicyName = "guest-joins";

    [Range(1, 1_000_000)]
    public int PermitLimit { get; init; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(5);
}
