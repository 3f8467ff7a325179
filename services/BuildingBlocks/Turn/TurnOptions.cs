using System.ComponentModel.DataAnnotations;

namespace Hiroba.Turn;

/// <summary>Section <c>Turn</c>: where coturn listens and the TURN REST secret it shares with us.</summary>
public sealed record TurnOptions
{
    public const string SectionName = "Turn";

    /// <summary>coturn's <c>static-auth-secret</c>. Never leaves the server.</summary>
    [Required, MinLength(16)]
    public string Secret { get; init; } = "";

    /// <summary>The host name or address browsers use to reach coturn.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9.\-:\[\]]{1,253}$", ErrorMessage = "must be a host name or an IP address.")]
    public string Host { get; init; } = "";

    /// <summary>The STUN/TURN port, UDP and TCP.</summary>
    [Range(1, 65535)]
    public int Port { get; init; } = 3478;

    /// <summary>How long issued credentials stay valid (the TURN REST username carries the expiry).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan CredentialLifetime { get; init; } = TimeSpan.FromHours(1);
}
