using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hiroba.Certificates;
using Hiroba.LocalComponents;
using Hiroba.LocalComponents.Tls;
using Hiroba.ServiceDefaults;

namespace Hiroba.TestSupport;

/// <summary>
/// A whole Hiroba on loopback, as the app host (./run) runs it: the real mosquitto and coturn, the chosen services as
/// built child processes with their settings (event bus, key ring, TURN, data folder) and the gateway in front.
/// Given a public endpoint, the gateway also serves HTTPS there with a certificate from a local CA made in the stack's
/// folder, and coturn listens and relays on that address, as <c>./run</c> serves a room.
/// </summary>
public class HirobaStack : IAsyncLifetime
{
    public const string AdminPassword = "admin-password-for-tests";
    public const string ViewerPassword = "viewer-password-for-tests";

    /// <summary>Gateway cluster of each service (its YARP destination).</summary>
    private static readonly Dictionary<string, string> Clusters = new()
    {
        ["Feed"] = "feed", ["Rooms"] = "rooms", ["Signaling"] = "signaling", ["Snapshots"] = "snapshots", ["CameraBridge"] = "cameras",
    };

    private readonly IReadOnlyList<string> _serviceNames;
    private readonly Dictionary<string, int> _ports;
    private readonly TemporaryDirectory _directory = new("stack");
    private readonly Dictionary<string, ServiceProcess> _services = [];
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
        _serviceNames = serviceNames;
        _ports = serviceNames.ToDictionary(name => name, _ => FreePorts.Tcp());
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

    public ServiceProcess Gateway { get; private set; } = null!;

    public Uri GatewayUri => Gateway.BaseUri;

    public string KeyRingPath => Path.Combine(_directory.Path, "keyring");

    public ServiceProcess Service(string name) => _services[name];

    /// <summary>Where a service of the stack listens, known before it starts (one service's settings may name another).</summary>
    public Uri ServiceUri(string name) => new($"http://127.0.0.1:{_ports[name]}/");

    public string DataPath(string serviceName) => Path.Combine(_directory.Path, "data", serviceName);

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

    /// <summary>The settings a service gets in this stack; override to add or change some.</summary>
    protected virtual IDictionary<string, string?> SettingsFor(string serviceName) => new Dictionary<string, string?>
    {
        ["EventBus:Transport"] = "Mqtt",
        ["EventBus:Mqtt:Host"] = Broker.Host,
        ["EventBus:Mqtt:Port"] = Broker.Port.ToString(CultureInfo.InvariantCulture),
        ["EventBus:Mqtt:Username"] = Broker.ServiceUsername,
        ["EventBus:Mqtt:Password"] = Broker.ServicePassword,
        ["Auth:KeyRingPath"] = KeyRingPath,
        ["Data:Path"] = DataPath(serviceName),
        ["Turn:Secret"] = Coturn.Secret,
        ["Turn:Host"] = Coturn.Host,
        ["Turn:Port"] = Coturn.Port.ToString(CultureInfo.InvariantCulture),
        // Every test client comes from 127.0.0.1 and tests join to find out what Signaling knows: the per-address
        // limits would refuse them. Tests of the limits restore them.
        ["Signaling:JoinRateLimit:PermitLimit"] = "1000000",
        ["Signaling:AdHocRoomsPerAddress"] = "1000000",
    };

    /// <summary>Changes the gateway's settings (its destinations are set already); override to add some.</summary>
    protected virtual void ConfigureGateway(IDictionary<string, string?> settings)
    {
    }

    public async Task InitializeAsync()
    {
        await Task.WhenAll(((IAsyncLifetime)Broker).InitializeAsync(), ((IAsyncLifetime)Coturn).InitializeAsync());
        // As the app host does: one key made before the services start, instead of one each.
        SharedKeyRing.EnsureCreated(KeyRingPath);
        // Each service is kept as soon as it is up, so that when another one fails to start, disposing the stack
        // still stops it instead of leaving it running after the tests.
        await Task.WhenAll(_serviceNames.Select(async name =>
        {
            var process = await ServiceProcess.StartAsync(name, SettingsFor(name).AsReadOnly(), port: _ports[name]);
            lock (_services)
            {
                _services[name] = process;
            }
        }));

        var gateway = new Dictionary<string, string?>
        {
            ["Auth:KeyRingPath"] = KeyRingPath,
            ["Auth:AdminPassword"] = AdminPassword,
            ["Auth:ViewerPassword"] = ViewerPassword,
            ["Auth:SignInRateLimit:PermitLimit"] = "1000",
            [$"ReverseProxy:Clusters:mqtt:Destinations:d1:Address"] = $"http://{Broker.Host}:{Broker.WebSocketPort}/",
        };
        // The gateway is live only when every cluster has a healthy destination.
        _absentService = await AbsentService.StartAsync();
        foreach (var (name, cluster) in Clusters)
        {
            gateway[$"ReverseProxy:Clusters:{cluster}:Destinations:d1:Address"] =
                (_services.TryGetValue(name, out var process) ? process.BaseUri : _absentService.BaseUri).ToString();
        }
        IReadOnlyList<string> publicUrls = [];
        if (PublicEndpoint is { } endpoint)
        {
            var certificate = OperatorCertificate;
            if (certificate is null)
            {
                var tls = await LocalTlsFolder.EnsureAsync(
                    Path.Combine(_directory.Path, "tls"), new ServerNames([endpoint.Address, IPAddress.Loopback], ["localhost"]),
                    "hiroba-tests", TimeProvider.System, CancellationToken.None);
                CaCertificate = PemCertificatePair.ReadCertificates(tls.CaCertificatePath)[0];
                gateway["Gateway:Tls:CaCertificatePath"] = tls.CaCertificatePath;
                certificate = new PemFiles(tls.CertificatePath, tls.KeyPath);
            }
            using var server = PemCertificatePair.ReadCertificates(certificate.CertificatePath)[0];
            ServerSpkiSha256 = Convert.ToBase64String(SHA256.HashData(server.PublicKey.ExportSubjectPublicKeyInfo()));
            gateway["Gateway:PublicUrl"] = PublicUri.ToString().TrimEnd('/');
            gateway["Gateway:Tls:CertificatePath"] = certificate.CertificatePath;
            gateway["Gateway:Tls:KeyPath"] = certificate.KeyPath;
            publicUrls = [PublicUri.ToString().TrimEnd('/')];
        }
        ConfigureGateway(gateway);
        Gateway = await ServiceProcess.StartAsync("Gateway", gateway, additionalUrls: publicUrls);
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }
        foreach (var process in _services.Values)
        {
            await process.DisposeAsync();
        }
        if (_absentService is not null)
        {
            await _absentService.DisposeAsync();
        }
        await ((IAsyncLifetime)Coturn).DisposeAsync();
        await ((IAsyncLifetime)Broker).DisposeAsync();
        CaCertificate?.Dispose();
        _directory.Dispose();
    }
}
