using System.ComponentModel.DataAnnotations;

namespace Hiroba.ServiceDefaults;

/// <summary>Section <c>Auth</c>: what every service needs to validate the shared sign-in cookie.</summary>
public sealed record AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Folder of the Data Protection key ring shared by all services.</summary>
    [Required]
    public string KeyRingPath { get; init; } = "";

    /// <summary>How long a session lasts without activity (sliding expiration).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(12);
}
