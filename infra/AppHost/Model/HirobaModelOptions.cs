using Hiroba.LocalComponents;

namespace Hiroba.AppHost;

/// <summary>What the model of Hiroba is built from: the run's settings and secrets, and where the broker and TURN server are.</summary>
/// <param name="Broker">The broker the services use: the one <see cref="Servers"/> starts, or one already running.</param>
/// <param name="Turn">The TURN server Rooms and Signaling name: the one <see cref="Servers"/> starts, or one already running;
/// null for a model without Rooms and Signaling.</param>
internal sealed record HirobaModelOptions(
    RunSettings Settings, LocalSecrets Secrets, PublicEndpoint Endpoint, GatewayCertificate? Certificate, MqttBroker Broker, TurnServer? Turn)
{
    /// <summary>mosquitto, coturn and Janus for the model to start as executables; null when <see cref="Broker"/> and <see cref="Turn"/> run already.</summary>
    public LocalServers? Servers { get; init; }

    /// <summary>The Janus the camera bridge shares cameras through: the one <see cref="Servers"/> starts, one already running, or none (one viewer per camera).</summary>
    public MediaServer? Media { get; init; }

    /// <summary>The services to start; the gateway routes only to the backends among them.</summary>
    public IReadOnlyList<HirobaService> Services { get; init; } = HirobaService.All;

    /// <summary>
    /// Where the gateway sends the clusters of backends left out of <see cref="Services"/>: the gateway is ready only
    /// when every cluster has a healthy destination. Null leaves them without one.
    /// </summary>
    public Uri? AbsentBackends { get; init; }

    /// <summary>The PostgreSQL server that replicas share; required when <see cref="RunSettings.Replicas"/> is above 1.</summary>
    public SharedDatabase? Database { get; init; }

    /// <summary>How many processes of <paramref name="service"/> the model starts.</summary>
    public int ReplicasOf(HirobaService service) => HirobaService.Replicable.Contains(service) ? Settings.Replicas : 1;

    /// <summary>Settings that replace or add to a service's own (a null value removes one).</summary>
    public IReadOnlyDictionary<HirobaService, IReadOnlyDictionary<string, string?>> Overrides { get; init; } =
        new Dictionary<HirobaService, IReadOnlyDictionary<string, string?>>();

    /// <summary>For ./run: starts mosquitto, coturn and Janus too.</summary>
    public static HirobaModelOptions WithLocalServers(
        RunSettings settings, LocalSecrets secrets, PublicEndpoint endpoint, GatewayCertificate? certificate)
    {
        var servers = LocalServers.Choose(settings, secrets, endpoint);
        return new HirobaModelOptions(settings, secrets, endpoint, certificate, servers.Broker, servers.Turn) { Servers = servers, Media = servers.Media };
    }

    /// <summary>
    /// For benchmarks: all of Hiroba with its own mosquitto and coturn, on loopback alone (the gateway on a free port),
    /// with secrets made for this run only.
    /// </summary>
    public static HirobaModelOptions OnLoopback(string dataPath)
    {
        var settings = new RunSettings(dataPath, FreePorts.Tcp(), AdminPassword: null, ViewerPassword: null, Cameras: []);
        var secrets = new LocalSecrets(
            LocalComponents.Secrets.Create(), "made for this run", LocalComponents.Secrets.Create(), LocalComponents.Secrets.Create(),
            LocalComponents.Secrets.Create(), LocalComponents.Secrets.Create());
        return WithLocalServers(settings, secrets, PublicEndpoint.ThisMachineOnly(settings.GatewayPort), certificate: null);
    }
}
