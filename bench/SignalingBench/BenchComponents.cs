using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.SignalingBench;

/// <summary>
/// Signaling from the app host's model with its own mosquitto (and coturn), configured for load (no rate or
/// per-address limits, quiet logs), and Rooms' answer to Signaling's room sync (<see cref="EmptyRoomDirectory"/>);
/// with the gateway in front when the peers go through the public entry, as browsers do.
/// </summary>
public sealed class BenchComponents : IAsyncDisposable
{
    private readonly LoopbackModel _model;
    private readonly EmptyRoomDirectory _rooms;
    private readonly bool _throughGateway;
    private int[] _processIds = [];

    private BenchComponents(LoopbackModel model, EmptyRoomDirectory rooms, bool throughGateway) =>
        (_model, _rooms, _throughGateway) = (model, rooms, throughGateway);

    /// <summary><c>/ws/signaling</c> where the peers connect: Signaling itself, or the gateway's.</summary>
    public Uri SignalingUri =>
        new UriBuilder(_model.ServiceUri(_throughGateway ? "Gateway" : "Signaling")) { Scheme = "ws", Path = "/ws/signaling" }.Uri;

    /// <summary>The processes <see cref="CpuSeconds"/> reads, in its order.</summary>
    public IReadOnlyList<string> MeasuredProcesses => _throughGateway ? ["Signaling", "Gateway"] : ["Signaling"];

    /// <param name="gatewayInlineIo">The gateway's <c>Gateway:InlineIo</c>.</param>
    /// <param name="gatewaySettings">More of the gateway's settings (or environment variables), for experiments.</param>
    public static async Task<BenchComponents> StartAsync(
        bool throughGateway, bool gatewayInlineIo, IReadOnlyDictionary<string, string?> gatewaySettings)
    {
        var model = await LoopbackModel.StartAsync(throughGateway ? ["Signaling", "Gateway"] : ["Signaling"], service => service == "Gateway"
            ? new Dictionary<string, string?>(gatewaySettings)
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Gateway:InlineIo"] = gatewayInlineIo ? null : "false",
            }
            : new Dictionary<string, string?>
            {
                // The benchmark measures the relay, not the per-connection and per-address limiters (all its peers are on loopback).
                ["Signaling:MessagesPerSecond"] = "1000000",
                ["Signaling:MessageBurst"] = "1000000",
                ["Signaling:JoinRateLimit:PermitLimit"] = "1000000",
                ["Signaling:AdHocRoomsPerAddress"] = "1000000",
                ["Logging:LogLevel:Default"] = "Warning",
            }, CancellationToken.None);
        return new BenchComponents(model, await EmptyRoomDirectory.StartAsync(model), throughGateway);
    }

    /// <summary>A fresh Signaling process, so each memory measurement starts from the same baseline.</summary>
    public async Task RestartSignalingAsync()
    {
        await _model.RestartAsync("Signaling");
        _processIds = [.. await Task.WhenAll(MeasuredProcesses.Select(name => _model.ProcessIdAsync(name)))];
    }

    /// <summary>Resident set size of the Signaling process (VmRSS).</summary>
    public long SignalingRssBytes() => ProcReadings.ResidentBytes(_processIds[0]);

    /// <summary>CPU seconds used so far by each of <see cref="MeasuredProcesses"/>.</summary>
    public double[] CpuSeconds() => [.. _processIds.Select(ProcReadings.CpuSeconds)];

    public async ValueTask DisposeAsync()
    {
        await _rooms.DisposeAsync();
        await _model.DisposeAsync();
    }
}
