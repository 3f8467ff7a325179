using System.Net;
using Hiroba.AppHost;
using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests.AppHost;

public sealed class ServiceConfigurationTests : IDisposable
{
    private readonly TemporaryDirectory _data = new("apphost-configuration");
    private readonly LocalSecrets _secrets = new("admin-password-1", "test", Secrets.Create(), Secrets.Create(), Secrets.Create(), Secrets.Create());
    private readonly ServiceConfiguration _configuration;
    private readonly MqttBroker _mosquitto;
    private readonly Dictionary<HirobaService, Uri> _backends =
        HirobaService.Backends.ToDictionary(service => service, service => new Uri($"http://127.0.0.1:1{service.Name.Length}/"));

    public ServiceConfigurationTests()
    {
        var settings = new RunSettings(_data.Path, 8080, null, null,
            [new LocalCamera("porch", "ws://192.168.1.20:8080/ws"), new LocalCamera("lab", "ws://192.168.1.21:8080/ws")]);
        _mosquitto = new MqttBroker("127.0.0.1", 18830, 18831, "services", _secrets.MqttServicePassword);
        _coturn = new TurnServer("127.0.0.1", 34780, new PortRange(40000, 40019), _secrets.TurnSecret);
        _janus = new MediaServer(new Uri("http://127.0.0.1:18088/janus"), _secrets.JanusApiSecret, new PortRange(41000, 41019));
        _configuration = new ServiceConfiguration(settings, _secrets, _mosquitto, _coturn, _janus, Loopback, certificate: null);
        _settings = settings;
    }

    private static PublicEndpoint Loopback { get; } = new(new Uri("http://127.0.0.1:8080/"), IPAddress.Loopback, 8080, "", "");

    private readonly RunSettings _settings;
    private readonly TurnServer _coturn;
    private readonly MediaServer _janus;

    [Fact]
    public void Every_backend_gets_the_mqtt_event_bus_its_own_data_folder_and_the_shared_key_ring()
    {
        foreach (var service in HirobaService.Backends)
        {
            var configuration = _configuration.ForBackend(service, _backends);

            Assert.Equal("Mqtt", configuration["EventBus:Transport"]);
            Assert.Equal($"{_mosquitto.Port}", configuration["EventBus:Mqtt:Port"]);
            Assert.Equal(_secrets.MqttServicePassword, configuration["EventBus:Mqtt:Password"]);
            Assert.Equal(Path.Combine(_data.Path, service.DataFolderName), configuration["Data:Path"]);
            Assert.Equal(Path.Combine(_data.Path, "keys"), configuration["Auth:KeyRingPath"]);
            Assert.False(configuration.ContainsKey("Auth:AdminPassword"));
        }
    }

    [Fact]
    public void Only_the_services_that_hand_out_ice_servers_get_the_turn_secret()
    {
        var withTurn = HirobaService.Backends.Where(service => _configuration.ForBackend(service, _backends).ContainsKey("Turn:Secret"));

        Assert.Equal(["Rooms", "Signaling"], withTurn.Select(service => service.Name));
    }

    [Fact]
    public void The_gateway_gets_the_admin_password_a_destination_for_every_cluster_and_the_brokers_public_listener()
    {
        var configuration = _configuration.ForGateway(_backends);

        Assert.Equal("admin-password-1", configuration["Auth:AdminPassword"]);
        Assert.Equal($"ws://127.0.0.1:{_mosquitto.WebSocketPort}/", configuration["Gateway:Mqtt:Broker"]);
        foreach (var cluster in new[] { "feed", "rooms", "signaling", "snapshots", "cameras" })
        {
            Assert.StartsWith("http://127.0.0.1:", configuration[$"ReverseProxy:Clusters:{cluster}:Destinations:d1:Address"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_gateway_neither_publishes_nor_stores_so_it_gets_no_broker_credentials_and_no_data_folder()
    {
        var configuration = _configuration.ForGateway(_backends);

        Assert.DoesNotContain(configuration.Keys, key => key.StartsWith("EventBus:", StringComparison.Ordinal));
        Assert.DoesNotContain(_secrets.MqttServicePassword, configuration.Values);
        Assert.False(configuration.ContainsKey("Data:Path"));
        Assert.Equal(Path.Combine(_data.Path, "keys"), configuration["Auth:KeyRingPath"]);
    }

    [Fact]
    public void The_clusters_of_backends_left_out_of_the_model_go_to_the_stand_in_or_nowhere()
    {
        var feedOnly = new Dictionary<HirobaService, Uri> { [HirobaService.Feed] = _backends[HirobaService.Feed] };
        var standIn = new Uri("http://127.0.0.1:19999/");

        var withStandIn = _configuration.ForGateway(feedOnly, standIn);
        var without = _configuration.ForGateway(feedOnly);

        Assert.Equal(_backends[HirobaService.Feed].ToString(), withStandIn["ReverseProxy:Clusters:feed:Destinations:d1:Address"]);
        foreach (var cluster in new[] { "rooms", "signaling", "snapshots", "cameras" })
        {
            Assert.Equal(standIn.ToString(), withStandIn[$"ReverseProxy:Clusters:{cluster}:Destinations:d1:Address"]);
            Assert.False(without.ContainsKey($"ReverseProxy:Clusters:{cluster}:Destinations:d1:Address"));
        }
    }

    [Fact]
    public void Without_a_turn_server_rooms_and_signaling_are_refused_and_the_others_need_none()
    {
        var configuration = new ServiceConfiguration(_settings, _secrets, _mosquitto, turn: null, media: null, Loopback, certificate: null);

        Assert.Throws<InvalidOperationException>(() => configuration.ForBackend(HirobaService.Rooms, _backends));
        Assert.Throws<InvalidOperationException>(() => configuration.ForBackend(HirobaService.Signaling, _backends));
        Assert.False(configuration.ForBackend(HirobaService.Feed, _backends).ContainsKey("Turn:Secret"));
    }

    [Fact]
    public void Without_signaling_in_the_model_the_camera_bridge_gets_no_ayame_endpoint()
    {
        var withoutSignaling = _backends.Where(backend => backend.Key != HirobaService.Signaling).ToDictionary();

        Assert.False(_configuration.ForBackend(HirobaService.CameraBridge, withoutSignaling).ContainsKey("Cameras:SignalingUrl"));
    }

    [Fact]
    public void The_camera_bridge_gets_the_cameras_of_HIROBA_CAMERAS_and_signalings_ayame_endpoint()
    {
        var configuration = _configuration.ForBackend(HirobaService.CameraBridge, _backends);

        Assert.Equal($"ws://127.0.0.1:{_backends[HirobaService.Signaling].Port}/signaling", configuration["Cameras:SignalingUrl"]);
        Assert.Equal(("porch", "porch", "ws://192.168.1.20:8080/ws"), (configuration["Cameras:Items:0:Id"], configuration["Cameras:Items:0:Name"], configuration["Cameras:Items:0:Url"]));
        Assert.Equal("lab", configuration["Cameras:Items:1:Id"]);
        Assert.False(configuration.ContainsKey("Cameras:Items:2:Id"));
        Assert.False(_configuration.ForBackend(HirobaService.Signaling, _backends).ContainsKey("Cameras:Items:0:Id"));
    }

    [Fact]
    public void Only_the_camera_bridge_gets_janus_and_its_api_secret_and_without_janus_it_gets_neither()
    {
        var withoutJanus = new ServiceConfiguration(_settings, _secrets, _mosquitto, _coturn, media: null, Loopback, certificate: null);

        var bridge = _configuration.ForBackend(HirobaService.CameraBridge, _backends);
        Assert.Equal(("http://127.0.0.1:18088/janus", _secrets.JanusApiSecret), (bridge["Cameras:Janus:Url"], bridge["Cameras:Janus:ApiSecret"]));
        foreach (var service in HirobaService.Backends.Where(service => service != HirobaService.CameraBridge))
        {
            Assert.DoesNotContain(_secrets.JanusApiSecret, _configuration.ForBackend(service, _backends).Values);
        }
        Assert.DoesNotContain(_secrets.JanusApiSecret, _configuration.ForGateway(_backends).Values);
        Assert.False(withoutJanus.ForBackend(HirobaService.CameraBridge, _backends).ContainsKey("Cameras:Janus:Url"));
    }

    [Fact]
    public void In_the_room_the_gateway_gets_the_public_url_and_its_certificate_and_ice_servers_name_coturns_lan_address()
    {
        var lan = IPAddress.Parse("192.168.77.2");
        var endpoint = new PublicEndpoint(new Uri("https://192.168.77.2:8443/"), lan, 8080, "", "");
        var certificate = new GatewayCertificate("/data/tls/server.crt", "/data/tls/server.key", "/data/tls/ca.crt", "AB:CD", "the local CA", null);
        var coturn = new TurnServer("192.168.77.2", 3478, new PortRange(49160, 49259), _secrets.TurnSecret);
        var configuration = new ServiceConfiguration(_settings, _secrets, _mosquitto, coturn, _janus, endpoint, certificate);

        var gateway = configuration.ForGateway(_backends);
        Assert.Equal("https://192.168.77.2:8443", gateway["Gateway:PublicUrl"]);
        Assert.Equal(("/data/tls/server.crt", "/data/tls/server.key", "/data/tls/ca.crt"),
            (gateway["Gateway:Tls:CertificatePath"], gateway["Gateway:Tls:KeyPath"], gateway["Gateway:Tls:CaCertificatePath"]));
        foreach (var service in new[] { "Rooms", "Signaling" })
        {
            var backend = configuration.ForBackend(HirobaService.Backends.Single(candidate => candidate.Name == service), _backends);
            Assert.Equal(("192.168.77.2", "3478"), (backend["Turn:Host"], backend["Turn:Port"]));
        }
        Assert.False(_configuration.ForGateway(_backends).ContainsKey("Gateway:Tls:CertificatePath"));
    }

    public void Dispose() => _data.Dispose();
}
