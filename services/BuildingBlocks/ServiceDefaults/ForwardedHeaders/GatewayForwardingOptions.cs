using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Hiroba.ServiceDefaults;

/// <summary>Section <c>ForwardedHeaders</c>: which direct peers may tell a service the client's address.</summary>
public sealed record GatewayForwardingOptions : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    private static readonly IReadOnlyList<string> Loopback = ["127.0.0.1", "::1"];

    /// <summary>IP addresses of the gateway as this service sees it; loopback when not set.</summary>
    public IReadOnlyList<string>? KnownProxies { get; init; }

    public IEnumerable<IPAddress> TrustedAddresses =>
        (KnownProxies is { Count: > 0 } configured ? configured : Loopback).Select(IPAddress.Parse);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        (KnownProxies ?? [])
            .Where(address => !IPAddress.TryParse(address, out _))
            .Select(address => new ValidationResult($"'{address}' is not an IP address.", [nameof(KnownProxies)]));
}
