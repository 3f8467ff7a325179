using System.ComponentModel.DataAnnotations;
using Hiroba.ServiceDefaults;

namespace Hiroba.Signaling.Limits;

/// <summary>
/// Section <c>Signaling:JoinRateLimit</c>: joins (<c>join</c> and Ayame's <c>register</c>, refused ones included) per
/// client address. A classroom behind one address joins once per person, and again after a dropped connection.
/// </summary>
public sealed record JoinRateLimitOptions : IClientRateLimitOptions
{
    public const string SectionName = "Signaling:JoinRateLimit";

    [Range(1, 1_000_000)]
    public int PermitLimit { get; init; } = 120;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);
}
