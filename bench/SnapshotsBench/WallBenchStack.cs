using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.Contracts;
using Hiroba.LocalComponents;

namespace Hiroba.SnapshotsBench;

/// <summary>
/// mosquitto, Rooms, Snapshots and the gateway as real Release-built processes on loopback, the way ./run starts them.
/// Info logging is off so the console does not weigh on the numbers. The per-guest upload rate limit is lifted (unless
/// <c>maxUploadsPerSecond</c> says otherwise) so a few simulated guests can push the service to its limit; everything
/// else (persistence, checks) is as deployed.
/// </summary>
public sealed class WallBenchStack : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hiroba-snapshots-bench-").FullName;
    private readonly string _adminPassword = Secrets.Create();
    private readonly MosquittoServer _broker;
    private readonly List<DotnetService> _services = [];
    private readonly int _maxUploadsPerSecond;

    public WallBenchStack(int maxUploadsPerSecond)
    {
        _maxUploadsPerSecond = maxUploadsPerSecond;
        _broker = new MosquittoServer(new MosquittoOptions(
            Path.Combine(_directory, "mosquitto"), "bench-service", Secrets.Create(), PublicTopics.All));
    }

    public DotnetService Snapshots { get; private set; } = null!;

    public DotnetService Gateway { get; private set; } = null!;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _broker.StartAsync(cancellationToken);
        var keyRing = Path.Combine(_directory, "keyring");
        Dictionary<string, string?> Settings(string name, params (string Key, string Value)[] extra)
        {
            var settings = new Dictionary<string, string?>
            {
                ["Auth:KeyRingPath"] = keyRing,
                ["Data:Path"] = Path.Combine(_directory, name),
                ["EventBus:Mqtt:Host"] = _broker.Host,
                ["EventBus:Mqtt:Port"] = _broker.Port.ToString(CultureInfo.InvariantCulture),
                ["EventBus:Mqtt:Username"] = _broker.ServiceUsername,
                ["EventBus:Mqtt:Password"] = _broker.ServicePassword,
                ["Logging:LogLevel:Default"] = "Warning",
            };
            foreach (var (key, value) in extra)
            {
                settings[key] = value;
            }
            return settings;
        }
        var root = RepositoryRoot.Find();
        var rooms = new DotnetService(new DotnetServiceOptions(root, "Rooms", "Release", Configuration: Settings("rooms",
            ("Turn:Secret", Secrets.Create()), ("Turn:Host", "127.0.0.1"))));
        Snapshots = new DotnetService(new DotnetServiceOptions(root, "Snapshots", "Release", Configuration: Settings("snapshots",
            ("Snapshots:MaxUploadsPerSecond", _maxUploadsPerSecond.ToString(CultureInfo.InvariantCulture)), ("Snapshots:JoinRateLimit:PermitLimit", "100000"))));
        _services.AddRange([rooms, Snapshots]);
        await Task.WhenAll(rooms.StartAsync(cancellationToken), Snapshots.StartAsync(cancellationToken));

        var gateway = Settings("gateway", ("Auth:AdminPassword", _adminPassword));
        gateway["ReverseProxy:Clusters:mqtt:Destinations:d1:Address"] = $"http://{_broker.Host}:{_broker.WebSocketPort.ToString(CultureInfo.InvariantCulture)}/";
        foreach (var (cluster, service) in new[] { ("rooms", rooms), ("snapshots", Snapshots), ("feed", rooms), ("signaling", rooms), ("cameras", rooms) })
        {
            // Clusters the bench does not use point at Rooms, so that the gateway is healthy.
            gateway[$"ReverseProxy:Clusters:{cluster}:Destinations:d1:Address"] = service.BaseUri.ToString();
        }
        Gateway = new DotnetService(new DotnetServiceOptions(root, "Gateway", "Release", Configuration: gateway));
        _services.Add(Gateway);
        await Gateway.StartAsync(cancellationToken);
    }

    /// <summary>Creates a workshop as the admin; waits until Snapshots has heard of it.</summary>
    public async Task<(string RoomId, string HostKey)> CreateWorkshopAsync(int intervalSeconds, CancellationToken cancellationToken)
    {
        using var admin = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = Gateway.BaseUri };
        (await admin.PostAsJsonAsync("/api/auth/sign-in", new { password = _adminPassword }, cancellationToken)).EnsureSuccessStatusCode();
        var response = await admin.PostAsJsonAsync("/api/rooms", new { title = "Bench", kind = "workshop", capacity = 200, snapshotIntervalSeconds = intervalSeconds }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var roomId = created.GetProperty("room").GetProperty("id").GetString()!;
        while ((await admin.GetAsync($"/api/snapshots/rooms/{roomId}", cancellationToken)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(50, cancellationToken);
        }
        return (roomId, created.GetProperty("hostKey").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in Enumerable.Reverse(_services))
        {
            await service.DisposeAsync();
        }
        await _broker.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
