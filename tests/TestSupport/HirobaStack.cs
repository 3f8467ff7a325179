using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hiroba.AppHost;
using Hiroba.Certificates;
using Hiroba.LocalComponents;

namespace Hiroba.TestSupport;

/// <summary>
/// A whole Hiroba on loopback, started from the app host's model (the one ./run starts) with the real mosquitto and
/// coturn from their containers as its broker and TURN server: the chosen services and the gateway in front, each with
/// the settings the model gives it. Given a public endpoint, the gateway also serves HTTPS there with a certificate
/// from a local CA made in the stack's data folder, and coturn listens and relays on that address, as <c>./run</c>
/// serves a room.
/// </summary>
public class HirobaStack : IAsyncLifetime
{
    public const string AdminPassword = "admin-password-for-tests";
    public const string ViewerPassword = "viewer-password-for-tests";

    private readonly IReadOnlyList<HirobaService> _services;
    private readonly TemporaryDirectory _directory = new("stack");
    private StartedModel? _model;
    private AbsentService? _absentService;

    /// <param name="serviceNames">Folders under <c>services/</c>, e.g. <c>Rooms</c>.</param>
    public HirobaStack(params string[] serviceNames)
        : this(null, serviceNames)
    {
    }

    /// <param name="publicEndpoint">An IPv4 address of the test's network namespace (or 127.0.0.1) and a free port for HTTPS.</param>
    /// <param name="serviceNames">Folders under <c>services/</c>, e.g. <c>Rooms</c>.</param>
    public HirobaStack(IPEndPoint? publicEndpoint, params string[] serviceNames)
    {
        _services = [.. serviceNames.Select(name => HirobaService.Backends.SingleOrDefault(service => service.Name == name)
            ?? throw new ArgumentException($"{name} is not a backend of Hiroba.", nameof(serviceNames)))];
        PublicEndpoint = publicEndpoint;
        Coturn = new CoturnFixture(publicEndpoint?.Address ?? IPAddress.Loopback);
    }

    public MosquittoFixture Broker { get; } = new();

    public CoturnFixture Coturn { get; }

    /// <summary>Where the gateway serves HTTPS; null for loopback HTTP only.</summary>
    public IPEndPoint? PublicEndpoint { get; }

    /// <summary>The HTTPS origin guests use (the public endpoint); without one, the loopback HTTP one.</summary>
    public Uri PublicUri => PublicEndpoint is { } endpoint ? new Uri($"https://{endpoint}/") : GatewayUri;

    /// <summary>An operator's certificate for the public endpoint instead of the local CA's (as HIROBA_TLS_CERT and HIROBA_TLS_KEY).</summary>
    public PemFiles? OperatorCertificate { get; init; }

    /// <summary>The local CA that issued the gateway's certificate (null without a public endpoint or with an operator's certificate): trust only this.</summary>
    public X509Certificate2? CaCertificate { get; private set; }

    /// <summary>
    /// Base64 SHA-256 of the server key's SubjectPublicKeyInfo, for Chromium's
    /// <c>--ignore-certificate-errors-spki-list</c>; null without a public endpoint.
    /// </summary>
    public string? ServerSpkiSha256 { get; private set; }

    public StackService Gateway => new(Model, HirobaService.Gateway);

    public Uri GatewayUri => Gateway.BaseUri;

    public StackService Service(string name) => new(Model, _services.Single(service => service.Name == name));

    /// <summary>The <paramref name="replica"/>th process (from 1) of a service that runs as several (<see cref="Replicas"/>).</summary>
    public StackService Replica(string name, int replica) => new(Model, _services.Single(service => service.Name == name), replica);

    /// <summary>Processes of each service that can run as several (HIROBA_REPLICAS); above 1 they share a PostgreSQL server the stack starts.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>The PostgreSQL server the replicas share; null with one process each.</summary>
    public PostgresFixture? ReplicasDatabase { get; private set; }

    /// <summary>Where a service of the stack listens on loopback.</summary>
    public Uri ServiceUri(string name) => Service(name).BaseUri;

    /// <summary>The service's data folder, as the model names it.</summary>
    public string DataPath(string serviceName) => Path.Combine(RunDataPath, serviceName.ToLowerInvariant());

    private string RunDataPath => Path.Combine(_directory.Path, "data");

    private StartedModel Model => _model ?? throw new InvalidOperationException("The stack has not started.");

    /// <summary>A client of <see cref="PublicUri"/> that trusts only the stack's CA (or the operator's certificate's own issuer chain, from the system).</summary>
    public HttpClient CreatePublicClient() => new(CaTrust.Handler(CaCertificate)) { BaseAddress = PublicUri };

    /// <summary>A client of the gateway (no cookies).</summary>
    public HttpClient CreateClient() => new() { BaseAddress = GatewayUri };

    /// <summary>A client of the gateway signed in with the given password (cookies kept).</summary>
    public async Task<HttpClient> CreateSignedInClientAsync(string password = AdminPassword)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = GatewayUri };
        var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>Signaling's Ayame-compatible endpoint through the gateway, where Momo dials in.</summary>
    public Uri AyameSignalingUri => WebSocketUri("/signaling");

    /// <summary>A WebSocket address of the gateway on loopback.</summary>
    public Uri WebSocketUri(string pathAndQuery) => new(new UriBuilder(GatewayUri) { Scheme = "ws" }.Uri, pathAndQuery);

    /// <summary>Adds a camera as the admin; returns its id.</summary>
    public async Task<string> AddCameraAsync(object definition)
    {
        using var admin = await CreateSignedInClientAsync();
        var response = await admin.PostAsJsonAsync("/api/cameras", definition);
        Assert.True(response.IsSuccessStatusCode, $"adding a camera: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Creates a camera room with a signaling key (see <see cref="CreateKeyedRoomAsync"/>).</summary>
    public Task CreateCameraRoomAsync(string roomId, string signalingKey) => CreateKeyedRoomAsync(roomId, signalingKey, kind: "camera");

    /// <summary>
    /// Creates a room with a signaling key in Rooms, as the admin, and waits until Signaling has heard of it, which shows
    /// as Signaling refusing a wrong key on its own protocol.
    /// </summary>
    /// <param name="capacity">The room's capacity; null leaves Rooms' default.</param>
    public async Task CreateKeyedRoomAsync(string roomId, string signalingKey, int? capacity = null, string kind = "call")
    {
        using var admin = await CreateSignedInClientAsync();
        var room = new Dictionary<string, object> { ["id"] = roomId, ["title"] = roomId, ["kind"] = kind, ["signalingKey"] = signalingKey };
        if (capacity is { } seats)
        {
            room["capacity"] = seats;
        }
        (await admin.PostAsJsonAsync("/api/rooms", room)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () =>
        {
            await using var probe = await JsonSocket.ConnectAsync(WebSocketUri("/ws/signaling"));
            await probe.SendAsync(JsonSerializer.Serialize(new { type = "join", room = roomId, name = "probe", key = "not-" + signalingKey }));
            return await probe.ReceiveAsync() is { } reply && reply.TryGetProperty("code", out var code) && code.GetString() == "invalid-key";
        }, $"Signaling knows room {roomId}");
    }

    /// <summary>Settings a backend gets in this stack besides the model's own; override to add or change some.</summary>
    protected virtual IDictionary<string, string?> SettingsFor(string serviceName) => new Dictionary<string, string?>
    {
        // Every test client comes from 127.0.0.1 and tests join to find out what Signaling knows: the per-address
        // limits would refuse them. Tests of the limits restore them.
        ["Signaling:JoinRateLimit:PermitLimit"] = "1000000",
        ["Signaling:AdHocRoomsPerAddress"] = "1000000",
    };

    /// <summary>Changes the gateway's settings besides the model's own; override to add some.</summary>
    protected virtual void ConfigureGateway(IDictionary<string, string?> settings)
    {
    }

    public virtual async Task InitializeAsync()
    {
        // The gateway is ready only when every cluster has a healthy destination: this one stands in for the backends left out.
        var absentService = AbsentService.StartAsync();
        ReplicasDatabase = Replicas > 1 ? new PostgresFixture() : null;
        await Task.WhenAll(
            ((IAsyncLifetime)Broker).InitializeAsync(), ((IAsyncLifetime)Coturn).InitializeAsync(), absentService, ReplicasDatabase?.StartAsync() ?? Task.CompletedTask);
        _absentService = await absentService;

        var settings = new RunSettings(RunDataPath, FreePorts.Tcp(), AdminPassword, ViewerPassword, Cameras: [], Replicas: Replicas);
        var endpoint = PublicEndpoint is { } publicEndpoint
            ? new AppHost.PublicEndpoint(new Uri($"https://{publicEndpoint}/"), publicEndpoint.Address, settings.GatewayPort, "the test's public endpoint", "")
            : AppHost.PublicEndpoint.ThisMachineOnly(settings.GatewayPort);
        var certificate = PublicEndpoint is null ? null : await CertificateAsync(endpoint);
        var gateway = new Dictionary<string, string?> { ["Auth:SignInRateLimit:PermitLimit"] = "1000" };
        ConfigureGateway(gateway);
        var options = new HirobaModelOptions(
            settings, new LocalSecrets(AdminPassword, "the tests", Broker.ServicePassword, Coturn.Secret, JanusApiSecret: "", DatabasePassword: ""), endpoint, certificate,
            new MqttBroker(Broker.Host, Broker.Port, Broker.WebSocketPort, Broker.ServiceUsername, Broker.ServicePassword),
            new TurnServer(Coturn.Host, Coturn.Port, Coturn.RelayPorts, Coturn.Secret))
        {
            Database = ReplicasDatabase is { } database ? new SharedDatabase("127.0.0.1", database.Server.Port, PostgresServer.User, database.Password) : null,
            Services = [.. _services, HirobaService.Gateway],
            AbsentBackends = _absentService.BaseUri,
            Overrides = _services
                .Select(service => (service, settings: (IReadOnlyDictionary<string, string?>)SettingsFor(service.Name).AsReadOnly()))
                .Append((HirobaService.Gateway, gateway.AsReadOnly()))
                .ToDictionary(),
        };
        _model = await StartedModel.StartAsync(options, CancellationToken.None);
    }

    /// <summary>The operator's certificate, or one from a local CA in the data folder as ./run makes it.</summary>
    private async Task<GatewayCertificate> CertificateAsync(AppHost.PublicEndpoint endpoint)
    {
        GatewayCertificate certificate;
        if (OperatorCertificate is { } files)
        {
            certificate = new GatewayCertificate(files.CertificatePath, files.KeyPath, null, null, "the operator's certificate", null);
        }
        else
        {
            var network = new MachineNetwork([endpoint.Address, IPAddress.Loopback], DefaultRoute: null, HostName: "hiroba-tests");
            certificate = await GatewayCertificate.FromLocalCaAsync(RunDataPath, endpoint, network, TimeProvider.System, CancellationToken.None);
            CaCertificate = PemCertificatePair.ReadCertificates(certificate.CaCertificatePath!)[0];
        }
        using var server = PemCertificatePair.ReadCertificates(certificate.CertificatePath)[0];
        ServerSpkiSha256 = Convert.ToBase64String(SHA256.HashData(server.PublicKey.ExportSubjectPublicKeyInfo()));
        return certificate;
    }

    public virtual async Task DisposeAsync()
    {
        if (_model is not null)
        {
            await _model.DisposeAsync();
        }
        if (_absentService is not null)
        {
            await _absentService.DisposeAsync();
        }
        if (ReplicasDatabase is not null)
        {
            await ReplicasDatabase.DisposeAsync();
        }
        await ((IAsyncLifetime)Coturn).DisposeAsync();
        await ((IAsyncLifetime)Broker).DisposeAsync();
        CaCertificate?.Dispose();
        _directory.Dispose();
    }
}
