namespace Hiroba.ServiceDefaults;

/// <summary>Where a service's clients connect from, which decides whose forwarding headers it trusts by default.</summary>
public enum ClientConnections
{
    /// <summary>Through the gateway: without <c>ForwardedHeaders:KnownProxies</c> the gateway is on loopback (./run, tests).</summary>
    ThroughGateway,

    /// <summary>Straight from browsers (the gateway): no proxy is trusted unless <c>ForwardedHeaders:KnownProxies</c> names one.</summary>
    Direct,
}
