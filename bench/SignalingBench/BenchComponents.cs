using System.Globalization;
using System.Reflection;
using Hiroba.Contracts;
using Hiroba.LocalComponents;

namespace Hiroba.SignalingBench;

/// <summary>
/// mosquitto and the built Signaling service as child processes, configured for load (no rate or per-address limits,
/// quiet logs), and Rooms' answer to Signaling's room sync (<see cref="EmptyRoomDirectory"/>).
/// </summary>
public sealed class BenchComponents : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hiroba-bench-").FullName;
    private MosquittoServer? _broker;
    private EmptyRoomDirectory? _rooms;
    private DotnetService? _signaling;

    public Uri SignalingUri => new UriBuilder(_signaling!.BaseUri) { Scheme = "ws", Path = "/ws/signaling" }.Uri;

    public static async Task<BenchComponents> StartAsync()
    {
        var components = new BenchComponents();
        components._broker = new MosquittoServer(new MosquittoOptions(
            Path.Combine(components._directory, "mosquitto"), "bench", Secrets.Create(), PublicTopics.All));
        await components._broker.StartAsync(CancellationToken.None);
        components._rooms = await EmptyRoomDirectory.StartAsync(components._broker);
        await components.StartSignalingAsync();
        return components;
    }

    /// <summary>A fresh Signaling process, so each memory measurement starts from the same baseline.</summary>
    public async Task RestartSignalingAsync()
    {
        await _signaling!.DisposeAsync();
        await StartSignalingAsync();
    }

    /// <summary>Resident set size of the Signaling process (VmRSS).</summary>
    public long SignalingRssBytes() => ProcReadings.ResidentBytes(_signaling!.Process!.Id);

    public async ValueTask DisposeAsync()
    {
        if (_signaling is not null)
        {
            await _signaling.DisposeAsync();
        }
        if (_rooms is not null)
        {
            await _rooms.DisposeAsync();
        }
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    private async Task StartSignalingAsync()
    {
        var configuration = typeof(BenchComponents).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        _signaling = new DotnetService(new DotnetServiceOptions(RepositoryRoot.Find(), "Signaling", configuration, Configuration: new Dictionary<string, string?>
        {
            ["EventBus:Mqtt:Host"] = _broker!.Host,
            ["EventBus:Mqtt:Port"] = _broker.Port.ToString(CultureInfo.InvariantCulture),
            ["EventBus:Mqtt:Username"] = _broker.ServiceUsername,
            ["EventBus:Mqtt:Password"] = _broker.ServicePassword,
            ["Auth:KeyRingPath"] = Path.Combine(_directory, "keyring"),
            ["Turn:Secret"] = Secrets.Create(),
            ["Turn:Host"] = "127.0.0.1",
            // The benchmark measures the relay, not the per-connection and per-address limiters (all its peers are on loopback).
            ["Signaling:MessagesPerSecond"] = "1000000",
            ["Signaling:MessageBurst"] = "1000000",
            ["Signaling:JoinRateLimit:PermitLimit"] = "1000000",
            ["Signaling:AdHocRoomsPerAddress"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await _signaling.StartAsync(CancellationToken.None);
    }
}
