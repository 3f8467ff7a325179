using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// Section <c>ForwardedHeaders</c>: the direct peers whose <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> a
/// service believes. Behind the gateway that is the gateway's own address; at the gateway, a TLS proxy in front of it.
/// </summary>
public sealed record TrustedProxiesOptions : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>
    /// IP addresses of the trusted proxies as this service sees them. Empty entries count as absent (compose passes an
    /// unset variable as an empty value); with none, <see cref="ClientConnections"/> decides.
    /// </summary>
    public IReadOnlyList<string>? KnownProxies { get; init; }

    public IReadOnlyList<IPAddress> ProxyAddresses =>
        [.. (KnownProxies ?? []).Where(entry => !string.IsNullOrWhiteSpace(entry)).Select(entry => IPAddress.Parse(entry.Trim()))];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        (KnownProxies ?? [])
            .Where(entry => !string.IsNullOrWhiteSpace(entry) && !IPAddress.TryParse(entry.Trim(), out _))
            .Select(entry => new ValidationResult($"'{entry}' is not an IP address.", [nameof(KnownProxies)]));
}
