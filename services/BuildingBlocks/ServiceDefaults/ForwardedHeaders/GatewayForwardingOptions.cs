using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Hiroba.ServiceDefaults;

/// <summary>Section <c>ForwardedHeaders</c>: which direct peers may tell a service the client's address.</summary>
public sealed record GatewayForwardingOptions : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    private static readonly IReadOnlyList<string> Loopback = ["127.0.0.1", "::1"];

    /// <summary>IP addresses of the gateway as this service sees it; loopback when neither this nor networks are set.</summary>
    public IReadOnlyList<string>? KnownProxies { get; init; }

    /// <summary>Networks (CIDR, e.g. <c>172.16.0.0/12</c>) the gateway's address is in, when it has no fixed address (compose).</summary>
    public IReadOnlyList<string>? KnownNetworks { get; init; }

    public IEnumerable<IPAddress> TrustedAddresses =>
        (KnownProxies is { Count: > 0 } configured ? configured : KnownNetworks is { Count: > 0 } ? [] : Loopback)
            .Select(IPAddress.Parse);

    public IEnumerable<IPNetwork> TrustedNetworks => (KnownNetworks ?? []).Select(network => IPNetwork.Parse(network));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        (KnownProxies ?? [])
            .Where(address => !IPAddress.TryParse(address, out _))
            .Select(address => new ValidationResult($"'{address}' is not an IP address.", [nameof(KnownProxies)]))
            .Concat((KnownNetworks ?? [])
                .Where(network => !IPNetwork.TryParse(network, out _))
                .Select(network => new ValidationResult($"'{network}' is not a network in CIDR notation.", [nameof(KnownNetworks)])));
}
