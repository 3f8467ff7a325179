using System.Globalization;
using Hiroba.LocalComponents;
using Hiroba.SnapshotsBench;

// Usage: SnapshotsBench [throughput|latency|static|all] [--guests 64] [--seconds 20] [--direct] [--latency-guests 200]
//                       [--interval 5] [--latency-seconds 60] [--image-kb 200] [--static-seconds 60] [--edit-seconds 20]
//                       [--uploads-per-second 10000]
// Needs the solution built in Release (dotnet build -c Release), npm ci in services/Gateway, and Chromium for "static".
var scenario = args.Where(arg => !arg.StartsWith("--", StringComparison.Ordinal)).DefaultIfEmpty("all").First();
var options = args.Zip(args.Skip(1))
    .Where(pair => pair.First.StartsWith("--", StringComparison.Ordinal) && int.TryParse(pair.Second, CultureInfo.InvariantCulture, out _))
    .ToDictionary(pair => pair.First[2..], pair => int.Parse(pair.Second, CultureInfo.InvariantCulture));
int Setting(string name, int fallback) => options.GetValueOrDefault(name, fallback);
bool Runs(string name) => scenario == name || scenario == "all";

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, pressed) =>
{
    pressed.Cancel = true;
    stopping.Cancel();
};
var imageBytes = Setting("image-kb", 200) * 1000;
var interval = Setting("interval", 5);

Console.WriteLine($"load average at the start: {ProcReadings.LoadAverages()}");
await using var stack = new WallBenchStack(Setting("uploads-per-second", 10_000));
await stack.StartAsync(stopping.Token);
if (Runs("throughput"))
{
    await ThroughputScenario.RunAsync(stack, Setting("guests", 64), imageBytes, TimeSpan.FromSeconds(Setting("seconds", 20)), args.Contains("--direct"), stopping.Token);
}
if (Runs("latency"))
{
    await LatencyScenario.RunAsync(stack, Setting("latency-guests", 200), interval, imageBytes, TimeSpan.FromSeconds(Setting("latency-seconds", 60)), args.Contains("--direct"), stopping.Token);
}
if (Runs("static"))
{
    await StaticScreenScenario.RunAsync(stack, interval, Setting("edit-seconds", 20), TimeSpan.FromSeconds(Setting("static-seconds", 60)), stopping.Token);
}
