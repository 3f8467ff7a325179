using System.Globalization;
using Hiroba.LocalComponents;
using Hiroba.Contracts;
using Hiroba.ServiceDefaults;

namespace Hiroba.Launcher;

/// <summary>Everything the local run starts, in start order: mosquitto, coturn, the backend services, the gateway.</summary>
internal sealed class LocalRun : IAsyncDisposable
{
    private const string MqttServiceUsername = "hiroba-services";
    private const int TurnRelayPorts = 100;

    /// <summary>On the room's network coturn uses fixed ports (the same as compose's), so the firewall can be opened for them.</summary>
    public const int RoomTurnPort = 3478;
    public static readonly PortRange RoomRelayPorts = new(49160, 49259);

    private readonly LauncherSettings _settings;
    private readonly ServiceConfiguration _configuration;
    private readonly Dictionary<HirobaService, DotnetService> _backends;
    private readonly DotnetService _gateway;

    public LocalRun(
        LauncherSettings settings, LocalSecrets secrets, PublicEndpoint endpoint, GatewayCertificate? certificate,
        ComponentLogs logs, string repositoryRoot)
    {
        _settings = settings;
        Endpoint = endpoint;
        Certificate = certificate;
        Logs = logs;
        Mosquitto = new MosquittoServer(new MosquittoOptions(
            DataFolder("mosquitto"), MqttServiceUsername, secrets.MqttServicePassword, PublicTopics.All,
            PersistenceDirectory: DataFolder("mosquitto", "db"), OnOutputLine: logs.For("mosquitto")));
        // On loopback alone, calls between browsers of this machine relay between loopback peers, and whoever can
        // allocate a relay reaches the loopback services directly anyway. Serving the room, coturn listens on the LAN
        // address and must deny loopback peers (CoturnOptions.AllowLoopbackPeers).
        Coturn = new CoturnServer(new CoturnOptions(
            DataFolder("coturn"), secrets.TurnSecret, AllowLoopbackPeers: endpoint.IsThisMachineOnly, RelayPortCount: TurnRelayPorts,
            OnOutputLine: logs.For("coturn"), ListeningAddress: endpoint.Address.ToString(),
            Port: settings.TurnPort ?? (endpoint.IsThisMachineOnly ? 0 : RoomTurnPort),
            RelayPorts: endpoint.IsThisMachineOnly ? null : RoomRelayPorts));
        _configuration = new ServiceConfiguration(settings, secrets, Mosquitto, Coturn, endpoint, certificate);
        var addresses = HirobaService.Backends.ToDictionary(service => service, _ => new Uri($"http://127.0.0.1:{FreePorts.Tcp()}"));
        _backends = HirobaService.Backends.ToDictionary(
            service => service,
            service => Service(repositoryRoot, service.Name, addresses[service].Port, _configuration.ForBackend(service, addresses), []));
        _gateway = Service(repositoryRoot, HirobaService.GatewayName, endpoint.HttpPort, _configuration.ForGateway(addresses),
            [.. endpoint.NetworkListeners.Select(listener => listener.Url.ToString().TrimEnd('/'))]);
    }

    public LauncherSettings Settings => _settings;

    public PublicEndpoint Endpoint { get; }

    public GatewayCertificate? Certificate { get; }

    public ComponentLogs Logs { get; }

    public MosquittoServer Mosquitto { get; }

    public CoturnServer Coturn { get; }

    public IEnumerable<DotnetService> Backends => _backends.Values;

    public IEnumerable<LocalComponent> Components => [Mosquitto, Coturn, .. _backends.Values, _gateway];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Made once here (and private): services started together on an empty ring would each make a key of their own.
        SharedKeyRing.EnsureCreated(_configuration.KeyRingPath);
        foreach (var service in _backends.Keys)
        {
            DataFolder(service.DataFolderName);
        }
        DataFolder(HirobaService.GatewayName.ToLowerInvariant());

        await Task.WhenAll(Mosquitto.StartAsync(cancellationToken), Coturn.StartAsync(cancellationToken));
        await Task.WhenAll(_backends.Values.Select(service => service.StartAsync(cancellationToken)));
        await _gateway.StartAsync(cancellationToken);
    }

    /// <summary>Stops the gateway, then the services, then coturn and mosquitto (which saves its database).</summary>
    /// <returns>"name exit-code" for each component.</returns>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        var stopped = new List<string>();
        LocalComponent[][] stopOrder = [[_gateway], [.. _backends.Values], [Coturn, Mosquitto]];
        foreach (var group in stopOrder)
        {
            var exitCodes = await Task.WhenAll(group.Select(component => component.StopAsync()));
            stopped.AddRange(group.Zip(exitCodes, (component, exitCode) => $"{component.Name} {exitCode?.ToString(CultureInfo.InvariantCulture) ?? "-"}"));
        }
        return stopped;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var component in Components)
        {
            await component.DisposeAsync();
        }
    }

    private DotnetService Service(
        string repositoryRoot, string name, int port, IReadOnlyDictionary<string, string?> configuration, IReadOnlyList<string> additionalUrls)
    {
        var component = name.ToLowerInvariant();
        return new(new DotnetServiceOptions(repositoryRoot, name, _settings.BuildConfiguration, port, configuration,
            OnOutputLine: Logs.For(component), AdditionalUrls: additionalUrls, OnErrorLine: Logs.ForErrors(component)));
    }

    private string DataFolder(params string[] parts) => PrivateFiles.CreateFolder(Path.Combine([_settings.DataPath, .. parts]));
}
