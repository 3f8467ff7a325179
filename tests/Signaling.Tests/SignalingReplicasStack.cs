namespace Hiroba.Signaling.Tests;

/// <summary>
/// The signaling stack with two Signaling processes behind the gateway (HIROBA_REPLICAS=2), with short replica timeouts
/// and a gateway that takes turns between them, so that two pages joining one after the other land on different replicas.
/// </summary>
public sealed class SignalingReplicasStack : SignalingStack
{
    public SignalingReplicasStack()
    {
        Replicas = 2;
    }

    /// <summary>The replica (1 or 2) whose log says it relayed a connection to <paramref name="roomId"/> elsewhere, or null.</summary>
    public int? RelayingReplica(string roomId) =>
        Enumerable.Range(1, Replicas).Cast<int?>().SingleOrDefault(replica => Replica("Signaling", replica!.Value).RecentOutput
            .Any(line => line.Contains($"room {roomId}, which lives on replica", StringComparison.Ordinal)));

    protected override IDictionary<string, string?> SettingsFor(string serviceName)
    {
        var settings = base.SettingsFor(serviceName);
        settings["Signaling:Replicas:HeartbeatInterval"] = "00:00:00.500";
        settings["Signaling:Replicas:ReplicaTimeout"] = "00:00:03";
        settings["Signaling:Replicas:OpenTimeout"] = "00:00:03";
        return settings;
    }

    protected override void ConfigureGateway(IDictionary<string, string?> settings)
    {
        settings["ReverseProxy:Clusters:signaling:LoadBalancingPolicy"] = "RoundRobin";
        settings["ReverseProxy:Clusters:signaling:HealthCheck:Active:Interval"] = "00:00:01";
    }
}
