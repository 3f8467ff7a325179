// Load generator for the Signaling service (issue 4): P WebSocket peers on /ws/signaling in rooms of two,
// exchanging offer-sized (~1 KB) and candidate-sized (~200 B) messages. For each P it prints the relayed
// messages/s in a closed loop, the relay latency p50/p99 at a fixed total rate, and the server's memory per
// idle connected peer; with --gateway the peers connect through the gateway, as browsers do, and the CPU per relayed
// message of both processes is printed. Usage: dotnet run -c Release --project bench/SignalingBench [-- P1,P2,... [rate] [seconds]] [--gateway]
// [--no-inline-io] [--gateway-setting KEY=VALUE ...] (the gateway's Gateway:InlineIo off; more of its settings or environment variables)
// [--replicas] (two Signaling replicas sharing a PostgreSQL room directory; each pair's second peer relayed from the second replica)
using System.Diagnostics;
using System.Globalization;
using Hiroba.LocalComponents;
using Hiroba.SignalingBench;

var throughGateway = args.Contains("--gateway");
var gatewaySettings = args.Zip(args.Skip(1)).Where(pair => pair.First == "--gateway-setting")
    .Select(pair => pair.Second.Split('=', 2)).ToDictionary(pair => pair[0], string? (pair) => pair[1]);
var positional = args.Where((arg, index) => !arg.StartsWith("--", StringComparison.Ordinal) && (index == 0 || args[index - 1] != "--gateway-setting")).ToArray();
var peerCounts = positional.Length > 0 ? positional[0].Split(',').Select(int.Parse).ToArray() : [2, 100, 1000, 5000];
var rate = positional.Length > 1 ? double.Parse(positional[1], CultureInfo.InvariantCulture) : 5000;
var duration = TimeSpan.FromSeconds(positional.Length > 2 ? double.Parse(positional[2], CultureInfo.InvariantCulture) : 5);
const int Window = 8;

Console.WriteLine($"Signaling benchmark: {Environment.ProcessorCount} cores, open-file limit {OpenFileLimit()}, {duration.TotalSeconds:0} s per measurement, window {Window} per pair, fixed rate {rate:0} msg/s");
var replicas = args.Contains("--replicas");
await using var components = await BenchComponents.StartAsync(throughGateway, gatewayInlineIo: !args.Contains("--no-inline-io"), gatewaySettings, replicas);
Console.WriteLine($"peers connect to {(throughGateway ? "the gateway" : "Signaling itself")}" +
    (replicas ? "; two replicas, the first peer of each pair at the first (where the room lives), the second at the second (relayed)" : ""));
var cpuColumns = string.Concat(components.MeasuredProcesses.Select(name => $" {name} CPU µs/msg |"));
Console.WriteLine($"| peers | relayed msg/s (closed loop) |{cpuColumns} fixed rate sent msg/s | p50 ms | p99 ms | max ms | undelivered | server RSS growth for idle peers (per peer) | load average |");
Console.WriteLine($"|---:|---:|{string.Concat(components.MeasuredProcesses.Select(_ => "---:|"))}---:|---:|---:|---:|---:|---:|---:|");
foreach (var peerCount in peerCounts)
{
    await components.RestartSignalingAsync();
    await WarmUpAsync(components);
    var before = components.SignalingRssBytes();
    var peers = await ConnectPairsAsync(components, peerCount);
    await Task.Delay(TimeSpan.FromSeconds(3));
    var growth = components.SignalingRssBytes() - before;

    var throughput = await Scenarios.ClosedLoopAsync(peers, Window, TimeSpan.FromSeconds(1), duration, components.CpuSeconds);
    var cpu = string.Concat(throughput.CpuMicrosecondsPerMessage.Select(micros => string.Create(CultureInfo.InvariantCulture, $" {micros:0.0} |")));
    var latency = await Scenarios.FixedRateAsync(peers, rate, duration);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {peerCount:N0} | {throughput.MessagesPerSecond:N0} |{cpu} {latency.RateSent:N0} | {latency.P50Milliseconds:0.00} | {latency.P99Milliseconds:0.00} | {latency.MaxMilliseconds:0.0} | {latency.Undelivered} | {growth / 1024.0:N0} KB ({growth / 1024.0 / peerCount:0.0} KB) | {ProcReadings.LoadAverage()} |"));
    await Task.WhenAll(peers.Select(peer => peer.DisposeAsync().AsTask()));
}

static async Task<List<BenchPeer>> ConnectPairsAsync(BenchComponents components, int peerCount)
{
    var peers = new BenchPeer[peerCount];
    using var gate = new SemaphoreSlim(64);
    // Pairs join in order (first, then second), many pairs at once.
    await Task.WhenAll(Enumerable.Range(0, peerCount / 2).Select(async pair =>
    {
        await gate.WaitAsync();
        try
        {
            var room = $"bench-{peerCount}-{pair}";
            peers[2 * pair] = await BenchPeer.JoinAsync(components.SignalingUri, room, "first");
            peers[2 * pair + 1] = await BenchPeer.JoinAsync(components.PartnerSignalingUri, room, "second");
            await peers[2 * pair].WaitForPartnerAsync();
        }
        finally
        {
            gate.Release();
        }
    }));
    return [.. peers];
}

// JIT and pools warm up on a few pairs first, so the memory baseline is not inflated by one-time costs.
static async Task WarmUpAsync(BenchComponents components)
{
    var peers = await ConnectPairsAsync(components, 20);
    await Scenarios.ClosedLoopAsync(peers, Window, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1));
    await Task.WhenAll(peers.Select(peer => peer.DisposeAsync().AsTask()));
    await Task.Delay(TimeSpan.FromSeconds(1));
}


static string OpenFileLimit()
{
    var limits = File.ReadAllLines("/proc/self/limits").FirstOrDefault(line => line.StartsWith("Max open files", StringComparison.Ordinal));
    return limits is null ? "unknown" : string.Join(' ', limits.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3..4]);
}
