using System.Globalization;
using Hiroba.LocalComponents;
using Hiroba.Contracts;

namespace Hiroba.FeedBench;

/// <summary>
/// mosquitto, the Feed service and the gateway, each a real process built in Release, on free loopback ports, as the
/// local run starts them. Info logging is off in the services so the console does not dominate the numbers.
/// </summary>
public sealed class BenchStack : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hiroba-feed-bench-").FullName;
    private readonly string? _commitDurability;
    private readonly bool _gatewayInlineIo;
    private readonly MosquittoServer _broker;
    private DotnetService? _feed;
    private DotnetService? _gateway;

    /// <param name="commitDurability">The Feed's <c>Feed:Storage:CommitDurability</c>, or null for its default.</param>
    /// <param name="gatewayInlineIo">The gateway's <c>Gateway:InlineIo</c>.</param>
    public BenchStack(string? commitDurability, bool gatewayInlineIo)
    {
        _commitDurability = commitDurability;
        _gatewayInlineIo = gatewayInlineIo;
        _broker = new MosquittoServer(new MosquittoOptions(
            Path.Combine(_directory, "mosquitto"), "bench-service", Secrets.Create(), PublicTopics.All));
    }

    public Uri GatewayUri => _gateway!.BaseUri;

    /// <summary>The gateway's <c>/mqtt</c>, as browsers use it.</summary>
    public Uri GatewayMqttUri => new UriBuilder(GatewayUri) { Scheme = "ws", Path = "/mqtt" }.Uri;

    /// <summary>mosquitto's public websockets listener itself, to tell the gateway's share of the latency.</summary>
    public Uri BrokerMqttUri => new($"ws://{_broker.Host}:{_broker.WebSocketPort.ToString(CultureInfo.InvariantCulture)}/mqtt");

    public Uri FeedUri => _feed!.BaseUri;

    public int FeedProcessId => _feed!.Process!.Id;

    public string DatabasePath => Path.Combine(_directory, "feed-data", "feed.db");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _broker.StartAsync(cancellationToken);
        var root = RepositoryRoot.Find();
        var keyRing = Path.Combine(_directory, "keyring");
        _feed = new DotnetService(new DotnetServiceOptions(root, "Feed", "Release", Configuration: new Dictionary<string, string?>
        {
            ["Auth:KeyRingPath"] = keyRing,
            ["Data:Path"] = Path.Combine(_directory, "feed-data"),
            ["EventBus:Mqtt:Host"] = _broker.Host,
            ["EventBus:Mqtt:Port"] = _broker.Port.ToString(CultureInfo.InvariantCulture),
            ["EventBus:Mqtt:Username"] = _broker.ServiceUsername,
            ["EventBus:Mqtt:Password"] = _broker.ServicePassword,
            ["Feed:RateLimit:PermitLimit"] = "1000000",
            [LoadGenerator.InlineSocketCompletions] = null,
            ["Feed:Storage:CommitDurability"] = _commitDurability,
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await _feed.StartAsync(cancellationToken);

        var gateway = new Dictionary<string, string?>
        {
            ["Auth:KeyRingPath"] = keyRing,
            ["Auth:AdminPassword"] = Secrets.Create(),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Gateway:InlineIo"] = _gatewayInlineIo ? null : "false",
            [LoadGenerator.InlineSocketCompletions] = null,
            ["ReverseProxy:Clusters:mqtt:Destinations:d1:Address"] = $"http://{_broker.Host}:{_broker.WebSocketPort.ToString(CultureInfo.InvariantCulture)}/",
        };
        // The gateway is healthy only when every cluster has a destination; the feed stands in for the others.
        foreach (var cluster in new[] { "feed", "rooms", "snapshots", "cameras", "signaling" })
        {
            gateway[$"ReverseProxy:Clusters:{cluster}:Destinations:d1:Address"] = _feed.BaseUri.ToString();
        }
        _gateway = new DotnetService(new DotnetServiceOptions(root, "Gateway", "Release", Configuration: gateway));
        await _gateway.StartAsync(cancellationToken);
    }

    /// <summary>CPU time used so far by the broker, the Feed service, the gateway and this program (the load), from <c>/proc</c>.</summary>
    public CpuTimes CpuUsed() => new(
        ProcReadings.CpuSeconds(_broker.Process!.Id), ProcReadings.CpuSeconds(_feed!.Process!.Id),
        ProcReadings.CpuSeconds(_gateway!.Process!.Id), ProcReadings.CpuSeconds(Environment.ProcessId));

    /// <summary>The Feed process's resident memory.</summary>
    public long FeedResidentBytes() => ProcReadings.ResidentBytes(FeedProcessId);

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        if (_feed is not null)
        {
            await _feed.DisposeAsync();
        }
        await _broker.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>CPU seconds per process; subtract two readings to get what a phase used.</summary>
public sealed record CpuTimes(double Broker, double Feed, double Gateway, double LoadGenerator)
{
    public static CpuTimes operator -(CpuTimes after, CpuTimes before) => new(
        after.Broker - before.Broker, after.Feed - before.Feed, after.Gateway - before.Gateway, after.LoadGenerator - before.LoadGenerator);

    /// <summary>"CPU per post: feed 1.2 ms, gateway 3.4 ms, broker 0.5 ms (load generator 0.8 ms)".</summary>
    public string PerPost(long posts) => FormattableString.Invariant(
        $"CPU per post: feed {Feed * 1000 / posts:0.00} ms, gateway {Gateway * 1000 / posts:0.00} ms, broker {Broker * 1000 / posts:0.00} ms (load generator {LoadGenerator * 1000 / posts:0.00} ms)");
}
