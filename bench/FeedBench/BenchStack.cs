using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.FeedBench;

/// <summary>
/// mosquitto, the Feed service and the gateway from the app host's model (built in Release), on free loopback ports, as
/// ./run starts them; with <c>--postgres</c>, the Feed keeps its posts in a PostgreSQL server of this run (Debian's;
/// commits answered after their disk sync, PostgreSQL's default, unless <c>--durability ProcessCrash</c>). Info logging is off in the services so the console does not dominate the numbers.
/// </summary>
public sealed class BenchStack : IAsyncDisposable
{
    private readonly string? _commitDurability;
    private readonly bool _gatewayInlineIo;
    private readonly TemporaryDirectory? _databaseDirectory;
    private readonly PostgresServer? _database;
    private LoopbackModel? _model;
    private (int Broker, int Feed, int Gateway) _processIds;

    /// <param name="commitDurability">The Feed's <c>Feed:Storage:CommitDurability</c>, or null for its default.</param>
    /// <param name="gatewayInlineIo">The gateway's <c>Gateway:InlineIo</c>.</param>
    /// <param name="postgres">Whether the Feed keeps its posts in PostgreSQL rather than SQLite.</param>
    public BenchStack(string? commitDurability, bool gatewayInlineIo, bool postgres)
    {
        _commitDurability = commitDurability;
        _gatewayInlineIo = gatewayInlineIo;
        if (postgres)
        {
            _databaseDirectory = new TemporaryDirectory("bench-postgres");
            // As SQLite's setting: ProcessCrash answers before the disk sync; otherwise (PostgreSQL's default) after it.
            _database = new PostgresServer(new PostgresOptions(
                _databaseDirectory.Path, LocalComponents.Secrets.Create(), ["feed"], SyncCommits: commitDurability != "ProcessCrash"));
        }
    }

    public Uri GatewayUri => Model.ServiceUri("Gateway");

    /// <summary>The gateway's <c>/mqtt</c>, as browsers use it.</summary>
    public Uri GatewayMqttUri => new UriBuilder(GatewayUri) { Scheme = "ws", Path = "/mqtt" }.Uri;

    /// <summary>mosquitto's public websockets listener itself, to tell the gateway's share of the latency.</summary>
    public Uri BrokerMqttUri => Model.BrokerWebSocketUri;

    public Uri FeedUri => Model.ServiceUri("Feed");

    public string DatabasePath => Path.Combine(Model.DataPath("Feed"), "feed.db");

    private LoopbackModel Model => _model ?? throw new InvalidOperationException("The stack has not started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_database is not null)
        {
            await _database.StartAsync(cancellationToken);
        }
        _model = await LoopbackModel.StartAsync(["Feed", "Gateway"], SettingsFor, cancellationToken);
        _processIds = (await _model.ProcessIdAsync("mosquitto", cancellationToken), await _model.ProcessIdAsync("Feed", cancellationToken),
            await _model.ProcessIdAsync("Gateway", cancellationToken));
    }

    private Dictionary<string, string?> SettingsFor(string service)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            // This program runs its sockets' continuations inline (LoadGenerator); the services keep the default.
            [LoadGenerator.InlineSocketCompletions] = "0",
        };
        if (service == "Feed")
        {
            settings["Feed:RateLimit:PermitLimit"] = "1000000";
            settings["Feed:Storage:CommitDurability"] = _commitDurability;
            if (_database is not null)
            {
                settings["Feed:Storage:Provider"] = "PostgreSql";
                settings["Feed:Storage:ConnectionString"] = _database.ConnectionString("feed");
            }
        }
        else
        {
            settings["Gateway:InlineIo"] = _gatewayInlineIo ? null : "false";
        }
        return settings;
    }

    /// <summary>
    /// CPU time used so far by the broker, the Feed service, the gateway, PostgreSQL (its server and every backend) and
    /// this program (the load), from <c>/proc</c>.
    /// </summary>
    public CpuTimes CpuUsed() => new(
        ProcReadings.CpuSeconds(_processIds.Broker), ProcReadings.CpuSeconds(_processIds.Feed),
        ProcReadings.CpuSeconds(_processIds.Gateway), ProcReadings.CpuSeconds(Environment.ProcessId),
        _database?.Process is { } database ? ProcReadings.TreeCpuSeconds([database.Id]) : 0);

    /// <summary>The Feed process's resident memory.</summary>
    public long FeedResidentBytes() => ProcReadings.ResidentBytes(_processIds.Feed);

    public async ValueTask DisposeAsync()
    {
        if (_model is not null)
        {
            await _model.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        _databaseDirectory?.Dispose();
    }
}

/// <summary>CPU seconds per process; subtract two readings to get what a phase used. <see cref="Database"/> is 0 without PostgreSQL.</summary>
public sealed record CpuTimes(double Broker, double Feed, double Gateway, double LoadGenerator, double Database)
{
    public static CpuTimes operator -(CpuTimes after, CpuTimes before) => new(
        after.Broker - before.Broker, after.Feed - before.Feed, after.Gateway - before.Gateway, after.LoadGenerator - before.LoadGenerator,
        after.Database - before.Database);

    /// <summary>"CPU per post: feed 1.2 ms, gateway 3.4 ms, broker 0.5 ms[, postgres 0.7 ms] (load generator 0.8 ms)".</summary>
    public string PerPost(long posts) => FormattableString.Invariant(
        $"CPU per post: feed {Feed * 1000 / posts:0.00} ms, gateway {Gateway * 1000 / posts:0.00} ms, broker {Broker * 1000 / posts:0.00} ms{(Database > 0 ? FormattableString.Invariant($", postgres {Database * 1000 / posts:0.00} ms") : "")} (load generator {LoadGenerator * 1000 / posts:0.00} ms)");
}
