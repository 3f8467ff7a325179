using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.SignalingBench;

/// <summary>
/// Signaling from the app host's model with its own mosquitto (and coturn), configured for load (no rate or
/// per-address limits, quiet logs), and Rooms' answer to Signaling's room sync (<see cref="EmptyRoomDirectory"/>);
/// with the gateway in front when the peers go through the public entry, as browsers do; with <c>--replicas</c>, a
/// second Signaling replica and the PostgreSQL room directory they share.
/// </summary>
public sealed class BenchComponents : IAsyncDisposable
{
    private readonly LoopbackModel _model;
    private readonly EmptyRoomDirectory _rooms;
    private readonly bool _throughGateway;
    private readonly Replicas? _replicas;
    private int[] _processIds = [];

    private BenchComponents(LoopbackModel model, EmptyRoomDirectory rooms, bool throughGateway, Replicas? replicas) =>
        (_model, _rooms, _throughGateway, _replicas) = (model, rooms, throughGateway, replicas);

    /// <summary><c>/ws/signaling</c> where the peers connect: Signaling itself, or the gateway's.</summary>
    public Uri SignalingUri =>
        new UriBuilder(_model.ServiceUri(_throughGateway ? "Gateway" : "Signaling")) { Scheme = "ws", Path = "/ws/signaling" }.Uri;

    /// <summary>Where the second peer of each pair connects: with <c>--replicas</c>, the second replica (the room lives on the first).</summary>
    public Uri PartnerSignalingUri => _replicas is { Second: { } second }
        ? new UriBuilder(second.BaseUri) { Scheme = "ws", Path = "/ws/signaling" }.Uri
        : SignalingUri;

    /// <summary>The processes <see cref="CpuSeconds"/> reads, in its order.</summary>
    public IReadOnlyList<string> MeasuredProcesses =>
        [.. _replicas is null ? ["Signaling"] : new[] { "Signaling", "second replica", "postgres" }, .. _throughGateway ? new[] { "Gateway" } : []];

    /// <param name="gatewayInlineIo">The gateway's <c>Gateway:InlineIo</c>.</param>
    /// <param name="gatewaySettings">More of the gateway's settings (or environment variables), for experiments.</param>
    /// <param name="replicas">Two Signaling replicas sharing a PostgreSQL room directory, each pair split across them.</param>
    public static async Task<BenchComponents> StartAsync(
        bool throughGateway, bool gatewayInlineIo, IReadOnlyDictionary<string, string?> gatewaySettings, bool replicas)
    {
        var shared = replicas ? await Replicas.StartDirectoryAsync() : null;
        try
        {
            return await StartServicesAsync(throughGateway, gatewayInlineIo, gatewaySettings, shared);
        }
        catch when (shared is not null)
        {
            // Otherwise PostgreSQL outlives the benchmark that failed to start.
            await shared.DisposeAsync();
            throw;
        }
    }

    private static async Task<BenchComponents> StartServicesAsync(
        bool throughGateway, bool gatewayInlineIo, IReadOnlyDictionary<string, string?> gatewaySettings, Replicas? shared)
    {
        var model = await LoopbackModel.StartAsync(throughGateway ? ["Signaling", "Gateway"] : ["Signaling"], service => service == "Gateway"
            ? new Dictionary<string, string?>(gatewaySettings)
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Gateway:InlineIo"] = gatewayInlineIo ? null : "false",
            }
            : SignalingSettings(shared, "signaling-first"), CancellationToken.None);
        if (shared is not null)
        {
            var settings = model.BackendSettings("Signaling");
            foreach (var (key, value) in SignalingSettings(shared, "signaling-second"))
            {
                settings[key] = value;
            }
            shared.Second = await ServiceProcess.StartAsync("Signaling", settings);
        }
        return new BenchComponents(model, await EmptyRoomDirectory.StartAsync(model), throughGateway, shared);
    }

    private static Dictionary<string, string?> SignalingSettings(Replicas? replicas, string sessionName) => new()
    {
        // The benchmark measures the relay, not the per-connection and per-address limiters (all its peers are on loopback).
        ["Signaling:MessagesPerSecond"] = "1000000",
        ["Signaling:MessageBurst"] = "1000000",
        ["Signaling:JoinRateLimit:PermitLimit"] = "1000000",
        ["Signaling:AdHocRoomsPerAddress"] = "1000000",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Signaling:Replicas:ConnectionString"] = replicas?.Database.ConnectionString("signaling"),
        ["EventBus:Mqtt:ClientId"] = replicas is null ? null : sessionName,
    };

    /// <summary>A fresh Signaling process, so each memory measurement starts from the same baseline.</summary>
    public async Task RestartSignalingAsync()
    {
        await _model.RestartAsync("Signaling");
        var signaling = await _model.ProcessIdAsync("Signaling");
        var gateway = _throughGateway ? [await _model.ProcessIdAsync("Gateway")] : Array.Empty<int>();
        _processIds = _replicas is { Second: { } second }
            ? [signaling, second.ProcessId, _replicas.Database.Process!.Id, .. gateway]
            : [signaling, .. gateway];
    }

    /// <summary>Resident set size of the Signaling process (VmRSS).</summary>
    public long SignalingRssBytes() => ProcReadings.ResidentBytes(_processIds[0]);

    /// <summary>CPU seconds used so far by each of <see cref="MeasuredProcesses"/>.</summary>
    public double[] CpuSeconds() => [.. _processIds.Select((pid, index) =>
        MeasuredProcesses[index] == "postgres" ? ProcReadings.TreeCpuSeconds([pid]) : ProcReadings.CpuSeconds(pid))];

    public async ValueTask DisposeAsync()
    {
        await _rooms.DisposeAsync();
        if (_replicas is not null)
        {
            await _replicas.DisposeAsync();
        }
        await _model.DisposeAsync();
    }

    /// <summary>The second replica and the PostgreSQL server of the room directory (<c>--replicas</c>).</summary>
    private sealed class Replicas(TemporaryDirectory folder, PostgresServer database) : IAsyncDisposable
    {
        public PostgresServer Database => database;

        public ServiceProcess? Second { get; set; }

        public static async Task<Replicas> StartDirectoryAsync()
        {
            var folder = new TemporaryDirectory("bench-postgres");
            var database = new PostgresServer(new PostgresOptions(folder.Path, LocalComponents.Secrets.Create(), ["signaling"]));
            await database.StartAsync(CancellationToken.None);
            return new Replicas(folder, database);
        }

        public async ValueTask DisposeAsync()
        {
            if (Second is not null)
            {
                await Second.DisposeAsync();
            }
            await database.DisposeAsync();
            folder.Dispose();
        }
    }
}
