using System.Globalization;
using Hiroba.FeedBench;

// Usage: FeedBench [latency|throughput|memory|all] [--subscribers 100] [--rate 200] [--posts 2000] [--warm-up-seconds 20]
//                  [--concurrency 64] [--seconds 15] [--memory-posts 100000] [--direct]
//                  [--durability ProcessCrash|PowerLoss] [--no-inline-io] [--node-processes 2] [--postgres]
// Needs the solution built in Release (dotnet build -c Release) and npm ci in services/Gateway.
LoadGenerator.UseInlineSocketCompletions();
var mode = args.FirstOrDefault(arg => !arg.StartsWith("--", StringComparison.Ordinal)) ?? "all";
int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, $"--{name}");
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
var token = cancellation.Token;
var durabilityAt = Array.IndexOf(args, "--durability");
var durability = durabilityAt >= 0 && durabilityAt + 1 < args.Length ? args[durabilityAt + 1] : null;

await using (var stack = new BenchStack(durability, gatewayInlineIo: !args.Contains("--no-inline-io"), postgres: args.Contains("--postgres")))
{
    await stack.StartAsync(token);
    if (mode is "latency" or "all")
    {
        await LatencyBenchmark.RunAsync(stack, Option("subscribers", 100), Option("rate", 200), Option("posts", 2000),
            Option("warm-up-seconds", 20), args.Contains("--direct"), Option("node-processes", 0), token);
    }
    if (mode is "throughput" or "all")
    {
        await ThroughputBenchmark.RunAsync(stack, Option("concurrency", 64), TimeSpan.FromSeconds(Option("seconds", 15)), token);
    }
}

if (mode is "memory" or "all")
{
    // A fresh store, so the counts are exact.
    await using var stack = new BenchStack(durability, gatewayInlineIo: !args.Contains("--no-inline-io"), postgres: args.Contains("--postgres"));
    await stack.StartAsync(token);
    await MemoryBenchmark.RunAsync(stack, Option("memory-posts", 100_000), Option("concurrency", 64), token);
}
