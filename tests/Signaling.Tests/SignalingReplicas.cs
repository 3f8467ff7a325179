using Hiroba.TestSupport;

namespace Hiroba.Signaling.Tests;

/// <summary>
/// Two Signaling processes that share a PostgreSQL room directory and a broker, with Rooms beside them: replicas as they
/// run behind a gateway. Tests connect to each replica straight, so that each client lands where the test decides.
/// </summary>
public sealed class SignalingReplicas : IAsyncLifetime
{
    private readonly TemporaryDirectory _run = new("signaling-replicas");
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public SignalingReplicas()
        : this(new Dictionary<string, string?>())
    {
    }

    private SignalingReplicas(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    /// <summary>With more settings for both replicas.</summary>
    public static SignalingReplicas With(IReadOnlyDictionary<string, string?> settings) => new(settings);

    public MosquittoFixture Broker { get; } = new();

    public CoturnFixture Coturn { get; } = new();

    public PostgresFixture Database { get; } = new();

    public ServiceProcess Rooms { get; private set; } = null!;

    public ServiceProcess First { get; private set; } = null!;

    public ServiceProcess Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Broker.StartAsync(), Coturn.StartAsync(), Database.StartAsync());
        Rooms = await ServiceProcess.StartAsync("Rooms", ModelSettings.ForBackend("Rooms", Broker, _run.Path, Coturn));
        First = await StartReplicaAsync();
        Second = await StartReplicaAsync();
    }

    /// <summary>A replica's <c>ws://…/ws/signaling</c> or <c>ws://…/signaling</c>.</summary>
    public static Uri Endpoint(ServiceProcess replica, string path) => new UriBuilder(replica.BaseUri) { Scheme = "ws", Path = path }.Uri;

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { Second, First, Rooms }.Where(process => process is not null))
        {
            await process.DisposeAsync();
        }
        await Database.DisposeAsync();
        await Coturn.DisposeAsync();
        await Broker.DisposeAsync();
        _run.Dispose();
    }

    private Task<ServiceProcess> StartReplicaAsync()
    {
        var settings = ModelSettings.ForBackend("Signaling", Broker, _run.Path, Coturn);
        settings["Signaling:Replicas:ConnectionString"] = Database.Server.ConnectionString("signaling");
        settings["Signaling:Replicas:HeartbeatInterval"] = "00:00:00.500";
        settings["Signaling:Replicas:ReplicaTimeout"] = "00:00:03";
        // Bursts are the relay's test here, not the per-connection rate's, nor the send queue's: a relayed burst reaches
        // the home in batches of up to 256 messages, which a test client starved of CPU beside other fixtures may read
        // slower than they come, and be dropped as slow.
        settings["Signaling:MessagesPerSecond"] = "100000";
        settings["Signaling:MessageBurst"] = "100000";
        settings["Signaling:SendQueueMessages"] = "10000";
        // A client id of its own each: replicas share the broker.
        settings["EventBus:Mqtt:ClientId"] = "signaling-" + Guid.NewGuid().ToString("N")[..12];
        foreach (var (key, value) in _settings)
        {
            settings[key] = value;
        }
        return ServiceProcess.StartAsync("Signaling", settings);
    }
}
