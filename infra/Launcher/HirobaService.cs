namespace Hiroba.Launcher;

/// <summary>A service of the local run: its folder under <c>services/</c> and the gateway cluster that routes to it.</summary>
internal sealed record HirobaService(string Name, string Cluster)
{
    public const string GatewayName = "Gateway";
    public const string MqttCluster = "mqtt";

    public static HirobaService Signaling { get; } = new("Signaling", "signaling");

    public static HirobaService CameraBridge { get; } = new("CameraBridge", "cameras");

    /// <summary>The services behind the gateway, started before it.</summary>
    public static IReadOnlyList<HirobaService> Backends { get; } =
    [
        new("Feed", "feed"),
        new("Rooms", "rooms"),
        Signaling,
        new("Snapshots", "snapshots"),
        CameraBridge,
    ];

    /// <summary>The folder name under the data path, e.g. <c>feed</c>.</summary>
    public string DataFolderName => Name.ToLowerInvariant();
}
