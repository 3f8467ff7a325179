using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.Signaling.Tests;

/// <summary>
/// The signaling stack with two Signaling replicas sharing a PostgreSQL room directory: the model's own, which the
/// gateway does not reach, and a second process, which the gateway sends every connection to. A room opened at the first
/// stays there, so pages joining it through the gateway reach the second and are relayed to the first.
/// </summary>
public sealed class ReplicatedSignalingStack : SignalingStack
{
    private readonly int _secondPort = FreePorts.Tcp();

    public PostgresFixture Database { get; } = new();

    public ServiceProcess SecondReplica { get; private set; } = null!;

    /// <summary>The first replica's <c>ws://…/ws/signaling</c>, past the gateway.</summary>
    public Uri FirstReplicaCallUri => new UriBuilder(ServiceUri("Signaling")) { Scheme = "ws", Path = "/ws/signaling" }.Uri;

    public override async Task InitializeAsync()
    {
        await Database.StartAsync();
        await base.InitializeAsync();
        var settings = ModelSettings.ForBackend("Signaling", Broker, Path.GetDirectoryName(DataPath("Signaling"))!, Coturn);
        foreach (var (key, value) in ReplicaSettings("signaling-second"))
        {
            settings[key] = value;
        }
        SecondReplica = await ServiceProcess.StartAsync("Signaling", settings, port: _secondPort);
    }

    public override async Task DisposeAsync()
    {
        if (SecondReplica is not null)
        {
            await SecondReplica.DisposeAsync();
        }
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Whether the second replica relayed a connection to <paramref name="roomId"/> to the first.</summary>
    public bool Relayed(string roomId) =>
        SecondReplica.RecentOutput.Any(line => line.Contains($"room {roomId}, which lives on replica", StringComparison.Ordinal));

    protected override IDictionary<string, string?> SettingsFor(string serviceName)
    {
        var settings = base.SettingsFor(serviceName);
        if (serviceName == "Signaling")
        {
            foreach (var (key, value) in ReplicaSettings("signaling-first"))
            {
                settings[key] = value;
            }
        }
        return settings;
    }

    protected override void ConfigureGateway(IDictionary<string, string?> settings) =>
        settings["ReverseProxy:Clusters:signaling:Destinations:d1:Address"] = $"http://127.0.0.1:{_secondPort}/";

    private Dictionary<string, string?> ReplicaSettings(string sessionName) => new(base.SettingsFor("Signaling"))
    {
        ["Signaling:Replicas:ConnectionString"] = Database.Server.ConnectionString("signaling"),
        ["EventBus:Mqtt:ClientId"] = sessionName,
    };
}
