namespace Hiroba.AppHost;

/// <summary>A service of the model: its folder under <c>services/</c>, its resource name and the gateway cluster that routes to it.</summary>
internal sealed record HirobaService(string Name, string Cluster)
{
    public static HirobaService Feed { get; } = new("Feed", "feed");

    public static HirobaService Rooms { get; } = new("Rooms", "rooms");

    public static HirobaService Signaling { get; } = new("Signaling", "signaling");

    public static HirobaService Snapshots { get; } = new("Snapshots", "snapshots");

    public static HirobaService CameraBridge { get; } = new("CameraBridge", "cameras");

    /// <summary>The public entry; it has no cluster of its own.</summary>
    public static HirobaService Gateway { get; } = new("Gateway", "");

    /// <summary>The services behind the gateway, started before it.</summary>
    public static IReadOnlyList<HirobaService> Backends { get; } = [Feed, Rooms, Signaling, Snapshots, CameraBridge];

    public static IReadOnlyList<HirobaService> All { get; } = [.. Backends, Gateway];

    /// <summary>
    /// The backends that run as several processes when asked (HIROBA_REPLICAS): Feed, Rooms and Signaling share a
    /// PostgreSQL database, Snapshots spreads its workshops over its processes (the gateway routes each to its owner), and
    /// the camera bridge's processes take turns through the shared database (one serves, the others stand by); that is
    /// every backend (docs/scaling.md).
    /// </summary>
    public static IReadOnlyList<HirobaService> Replicable { get; } = [Feed, Rooms, Signaling, Snapshots, CameraBridge];

    /// <summary>The resource's name, also its folder under the data path and its log file's name, e.g. <c>feed</c>.</summary>
    public string ResourceName => Name.ToLowerInvariant();

    public string DataFolderName => ResourceName;

    /// <summary>The data folder of its <paramref name="replica"/>th process (from 1): each process has one of its own.</summary>
    public string ReplicaDataFolderName(int replica) => ReplicaResourceName(replica);

    /// <summary>The resource name of its <paramref name="replica"/>th process (from 1): <c>feed</c>, then <c>feed-2</c>…</summary>
    public string ReplicaResourceName(int replica) => replica == 1 ? ResourceName : $"{ResourceName}-{replica}";
}
