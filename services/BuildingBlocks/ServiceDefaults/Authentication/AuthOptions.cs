using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Hiroba.ServiceDefaults;

/// <summary>Section <c>Auth</c>: what every service needs to validate the shared sign-in cookie.</summary>
public sealed record AuthOptions
{
    public const string SectionName = "Auth";

    private const string MaxSessionLifetimeText = "30.00:00:00";

    /// <summary>The longest <see cref="SessionLifetime"/> allowed.</summary>
    public static TimeSpan MaxSessionLifetime { get; } = TimeSpan.Parse(MaxSessionLifetimeText, CultureInfo.InvariantCulture);

    /// <summary>Folder of the Data Protection key ring shared by all services, and of the revoked sessions.</summary>
    [Required]
    public string KeyRingPath { get; init; } = "";

    /// <summary>How long a session lasts without activity (sliding expiration).</summary>
    [Range(typeof(TimeSpan), "00:01:00", MaxSessionLifetimeText)]
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(12);
}
