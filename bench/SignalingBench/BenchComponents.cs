using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.SignalingBench;

/// <summary>
/// Signaling from the app host's model with its own mosquitto (and coturn), configured for load (no rate or
/// per-address limits, quiet logs), and Rooms' answer to Signaling's room sync (<see cref="EmptyRoomDirectory"/>).
/// </summary>
public sealed class BenchComponents : IAsyncDisposable
{
    private readonly LoopbackModel _model;
    private readonly EmptyRoomDirectory _rooms;

    private BenchComponents(LoopbackModel model, EmptyRoomDirectory rooms) => (_model, _rooms) = (model, rooms);

    public Uri SignalingUri => new UriBuilder(_model.ServiceUri("Signaling")) { Scheme = "ws", Path = "/ws/signaling" }.Uri;

    public static async Task<BenchComponents> StartAsync()
    {
        var model = await LoopbackModel.StartAsync(["Signaling"], _ => new Dictionary<string, string?>
        {
            // The benchmark measures the relay, not the per-connection and per-address limiters (all its peers are on loopback).
            ["Signaling:MessagesPerSecond"] = "1000000",
            ["Signaling:MessageBurst"] = "1000000",
            ["Signaling:JoinRateLimit:PermitLimit"] = "1000000",
            ["Signaling:AdHocRoomsPerAddress"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
        }, CancellationToken.None);
        return new BenchComponents(model, await EmptyRoomDirectory.StartAsync(model));
    }

    /// <summary>A fresh Signaling process, so each memory measurement starts from the same baseline.</summary>
    public Task RestartSignalingAsync() => _model.RestartAsync("Signaling");

    /// <summary>Resident set size of the Signaling process (VmRSS).</summary>
    public async Task<long> SignalingRssBytesAsync() => ProcReadings.ResidentBytes(await _model.ProcessIdAsync("Signaling"));

    public async ValueTask DisposeAsync()
    {
        await _rooms.DisposeAsync();
        await _model.DisposeAsync();
    }
}
