// Camera benchmark (issue 6): the time from opening a camera's view on /cameras to the first decoded frame, through
// the gateway and the camera bridge, with an emulated Momo in p2p mode (its media from Chromium's fake camera).
// Usage: dotnet run -c Release --project bench/CameraBench [-- runs]
// With --shared (issue 16): one Ayame camera shared through Janus, a late joiner's first frame and Janus's and the
// bridge's CPU for each audience size: dotnet run -c Release --project bench/CameraBench -- --shared [runs] [1,3,10]
// With --p2p-sessions: what one Momo would serve without Janus, N separate p2p sessions (N cameras naming it), the Nth
// viewer's first frame and Momo's and the bridge's CPU: ... -- --p2p-sessions [runs] [1,2]
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.LocalComponents;
using Hiroba.CameraBench;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Momo;
using Xunit;

var positional = args.Where(arg => !arg.StartsWith("--", StringComparison.Ordinal)).ToArray();
var runs = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 10;
Console.WriteLine($"Camera benchmark: {Environment.ProcessorCount} cores, {runs} runs after one warm-up, load average at start {ProcReadings.LoadAverages()}");
if (args.Contains("--shared") && OperatingSystem.IsLinux())
{
    var audiences = positional.Length > 1 ? positional[1].Split(',').Select(int.Parse).ToArray() : [1, 3, 10];
    await SharedCameraRun.RunAsync(audiences, runs);
    return;
}
if (args.Contains("--p2p-sessions") && OperatingSystem.IsLinux())
{
    var audiences = positional.Length > 1 ? positional[1].Split(',').Select(int.Parse).ToArray() : [1, 2];
    await P2pSessionsRun.RunAsync(audiences, runs);
    return;
}

var stack = new HirobaStack("Rooms", "CameraBridge");
var chromium = new ChromiumFixture();
await ((IAsyncLifetime)stack).InitializeAsync();
await ((IAsyncLifetime)chromium).InitializeAsync();
try
{
    await using var momo = await MomoP2pEmulator.StartAsync(chromium.Browser);
    using var admin = await stack.CreateSignedInClientAsync();
    var created = await admin.PostAsJsonAsync("/api/cameras", new { name = "Bench", url = momo.Url.ToString() });
    created.EnsureSuccessStatusCode();
    var cameraId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    var viewer = await ViewerPage.OpenAsync(chromium.Browser, stack.GatewayUri, HirobaStack.ViewerPassword);

    var results = new List<(double Connected, double FirstFrame)>();
    for (var run = 0; run <= runs; run++)
    {
        await viewer.WaitForStatusAsync(cameraId, "Online");
        var result = await viewer.WatchAsync(cameraId);
        await viewer.CloseViewerAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(run == 0 ? "warm-up" : $"run {run,2}")}: connected after {result.Connected,6:0} ms, first decoded frame after {result.FirstFrame,6:0} ms"));
        if (run > 0)
        {
            results.Add(result);
        }
    }

    var firstFrames = results.Select(result => result.FirstFrame).Order().ToArray();
    var connected = results.Select(result => result.Connected).Order().ToArray();
    Console.WriteLine();
    Console.WriteLine("| measurement | p50 ms | worst ms | target |");
    Console.WriteLine("|---|---:|---:|---|");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| open view → first decoded frame | {Timings.Median(firstFrames):0} | {firstFrames[^1]:0} | p50 < 1500 |"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| open view → peer connection connected | {Timings.Median(connected):0} | {connected[^1]:0} | |"));
    Console.WriteLine($"load average at end {ProcReadings.LoadAverages()}");
}
finally
{
    await ((IAsyncLifetime)chromium).DisposeAsync();
    await ((IAsyncLifetime)stack).DisposeAsync();
}
