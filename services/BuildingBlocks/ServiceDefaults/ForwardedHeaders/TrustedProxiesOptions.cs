using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// Section <c>ForwardedHeaders</c>: the direct peers whose <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> a
/// service believes. Behind the gateway that is the gateway's own address (or, where the gateway's replicas have
/// addresses of their own, such as pods, the network they come from); at the gateway, a TLS proxy in front of it.
/// </summary>
public sealed record TrustedProxiesOptions : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>
    /// IP addresses of the trusted proxies as this service sees them. Empty entries count as absent (compose passes an
    /// unset variable as an empty value); with none, <see cref="ClientConnections"/> decides.
    /// </summary>
    public IReadOnlyList<string>? KnownProxies { get; init; }

    /// <summary>
    /// Networks (CIDR, e.g. <c>10.244.0.0/16</c>) every address of which is a trusted proxy: the pod network of a
    /// Kubernetes cluster, where only the gateway may reach the services (a NetworkPolicy says so). Empty entries count
    /// as absent.
    /// </summary>
    public IReadOnlyList<string>? KnownNetworks { get; init; }

    public IReadOnlyList<IPAddress> ProxyAddresses =>
        [.. Present(KnownProxies).Select(entry => IPAddress.Parse(entry))];

    public IReadOnlyList<IPNetwork> ProxyNetworks =>
        [.. Present(KnownNetworks).Select(entry => IPNetwork.Parse(entry))];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Present(KnownProxies)
            .Where(entry => !IPAddress.TryParse(entry, out _))
            .Select(entry => new ValidationResult($"'{entry}' is not an IP address.", [nameof(KnownProxies)]))
            .Concat(Present(KnownNetworks)
                .Where(entry => !IPNetwork.TryParse(entry, out _))
                .Select(entry => new ValidationResult($"'{entry}' is not a network in CIDR notation, e.g. 10.244.0.0/16.", [nameof(KnownNetworks)])));

    private static IEnumerable<string> Present(IReadOnlyList<string>? entries) =>
        (entries ?? []).Where(entry => !string.IsNullOrWhiteSpace(entry)).Select(entry => entry.Trim());
}
