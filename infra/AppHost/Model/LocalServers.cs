using Hiroba.LocalComponents;

namespace Hiroba.AppHost;

/// <summary>Where the services find the broker: mosquitto's internal listener and the public websockets one.</summary>
internal sealed record MqttBroker(string Host, int Port, int WebSocketPort, string Username, string Password);

/// <summary>Where Rooms and Signaling send browsers for TURN, and the secret their credentials are made with.</summary>
internal sealed record TurnServer(string Host, int Port, PortRange RelayPorts, string Secret);

/// <summary>Janus, the media server of shared cameras: its REST API for the camera bridge, and the RTP ports browsers reach.</summary>
internal sealed record MediaServer(Uri ApiUrl, string ApiSecret, PortRange MediaPorts);

/// <summary>
/// mosquitto, coturn and Janus as the model starts them (./run): their files in the data folder, their ports chosen up
/// front (so a restart comes back on the same ones). Tests give running ones instead, as <see cref="MqttBroker"/>,
/// <see cref="TurnServer"/> and <see cref="MediaServer"/> alone. Janus runs only while serving the room: it gathers
/// no ICE candidate on a loopback interface, so on this machine alone cameras keep one viewer each.
/// </summary>
internal sealed record LocalServers(
    MosquittoOptions Mosquitto, MqttBroker Broker, CoturnOptions Coturn, TurnServer Turn, JanusOptions? Janus, MediaServer? Media)
{
    public const string MqttServiceUsername = "hiroba-services";
    private const int TurnRelayPorts = 100;

    /// <summary>On the room's network coturn uses fixed ports (the same as compose's), so the firewall can be opened for them.</summary>
    public const int RoomTurnPort = 3478;
    public static readonly PortRange RoomRelayPorts = new(49160, 49259);

    /// <summary>Janus's RTP ports on the room's network, right after coturn's relay ports, so one firewall rule covers both.</summary>
    public static readonly PortRange RoomMediaPorts = new(49260, 49359);

    public static LocalServers Choose(RunSettings settings, LocalSecrets secrets, PublicEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(endpoint);
        var mosquitto = new MosquittoOptions(
            Path.Combine(settings.DataPath, "mosquitto"), MqttServiceUsername, secrets.MqttServicePassword, Contracts.PublicTopics.All,
            PersistenceDirectory: Path.Combine(settings.DataPath, "mosquitto", "db"));
        MosquittoConfiguration.Validate(mosquitto);
        var broker = new MqttBroker("127.0.0.1", FreePorts.Tcp(), FreePorts.Tcp(), MqttServiceUsername, secrets.MqttServicePassword);
        // On loopback alone, calls between browsers of this machine relay between loopback peers, and whoever can
        // allocate a relay reaches the loopback services directly anyway. Serving the room, coturn listens on the LAN
        // address and must deny loopback peers (CoturnOptions.AllowLoopbackPeers).
        var coturn = new CoturnOptions(
            Path.Combine(settings.DataPath, "coturn"), secrets.TurnSecret, AllowLoopbackPeers: endpoint.IsThisMachineOnly,
            RelayPortCount: TurnRelayPorts, ListeningAddress: endpoint.Address.ToString());
        CoturnConfiguration.Validate(coturn);
        var turnPort = settings.TurnPort ?? (endpoint.IsThisMachineOnly ? FreePorts.TcpAndUdp(endpoint.Address) : RoomTurnPort);
        var relayPorts = endpoint.IsThisMachineOnly ? FreePorts.RelayRange(TurnRelayPorts, endpoint.Address) : RoomRelayPorts;
        var turn = new TurnServer(coturn.ListeningAddress, turnPort, relayPorts, secrets.TurnSecret);
        if (endpoint.IsThisMachineOnly)
        {
            return new LocalServers(mosquitto, broker, coturn, turn, Janus: null, Media: null);
        }
        // ICE on the address browsers reach Janus at, as coturn relays on it.
        var janus = new JanusOptions(
            Path.Combine(settings.DataPath, "janus"), secrets.JanusApiSecret, MediaAddress: endpoint.Address.ToString(), ApiPort: FreePorts.Tcp(),
            MediaPorts: RoomMediaPorts);
        JanusConfiguration.Validate(janus);
        return new LocalServers(
            mosquitto, broker, coturn, turn, janus, new MediaServer(new Uri($"http://127.0.0.1:{janus.ApiPort}/janus"), janus.ApiSecret, RoomMediaPorts));
    }
}
