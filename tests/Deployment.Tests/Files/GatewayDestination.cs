namespace Hiroba.Deployment.Tests.Files;

/// <summary>A YARP destination the compose file gives the gateway: <c>ReverseProxy__Clusters__&lt;cluster&gt;__Destinations__d1__Address</c>.</summary>
internal sealed record GatewayDestination(string Cluster, string Setting, Uri Address)
{
    private const string Prefix = "ReverseProxy__Clusters__";

    public static IReadOnlyList<GatewayDestination> All { get; } =
        ServiceDeployment.Of("Gateway").Service.Environment
            .Where(entry => entry.Key.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(entry => new GatewayDestination(entry.Key[Prefix.Length..].Split("__")[0], entry.Key, new Uri(entry.Value)))
            .ToArray();
}
