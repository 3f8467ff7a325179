using System.Globalization;
using Hiroba.SnapshotsBench;

// Usage: SnapshotsBench [throughput|latency|static|all] [--guests 64] [--seconds 20] [--direct] [--latency-guests 200] [--interval 5]
//                       [--latency-seconds 60] [--image-kb 200] [--static-seconds 60] [--edit-seconds 20]
// Needs the solution built in Release (dotnet build -c Release), npm ci in services/Gateway, and Chromium for "static".
var mode = args.FirstOrDefault(arg => !arg.StartsWith("--", StringComparison.Ordinal)) ?? "all";
int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, $"--{name}");
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
var token = cancellation.Token;
var imageBytes = Option("image-kb", 200) * 1000;
var interval = Option("interval", 5);

Console.WriteLine($"load average at the start: {Measure.LoadAverage()}");
await using var stack = new WallBenchStack();
await stack.StartAsync(token);
if (mode is "throughput" or "all")
{
    await ThroughputScenario.RunAsync(stack, Option("guests", 64), imageBytes, TimeSpan.FromSeconds(Option("seconds", 20)), args.Contains("--direct"), token);
}
if (mode is "latency" or "all")
{
    await LatencyScenario.RunAsync(stack, Option("latency-guests", 200), interval, imageBytes, TimeSpan.FromSeconds(Option("latency-seconds", 60)), token);
}
if (mode is "static" or "all")
{
    await StaticScreenScenario.RunAsync(stack, interval, Option("edit-seconds", 20), TimeSpan.FromSeconds(Option("static-seconds", 60)), token);
}
