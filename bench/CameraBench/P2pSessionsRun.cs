using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using Hiroba.LocalComponents;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Momo;
using Xunit;

namespace Hiroba.CameraBench;

/// <summary>
/// What sharing saves (issue 16): N viewers of one Momo without Janus need N separate p2p sessions, each a PeerConnection
/// and an encode of Momo's own. N cameras name the same emulated Momo (p2p mode keeps one viewer per camera), so it
/// serves N sessions at once; for each N, the Nth viewer's first frame and the CPU of Momo's Chromium and the bridge.
/// </summary>
[SupportedOSPlatform("linux")]
public static class P2pSessionsRun
{
    public static async Task RunAsync(IReadOnlyList<int> audiences, int runs)
    {
        var stack = new HirobaStack("Rooms", "CameraBridge");
        var chromium = new ChromiumFixture();
        await ((IAsyncLifetime)stack).InitializeAsync();
        await ((IAsyncLifetime)chromium).InitializeAsync();
        try
        {
            await using var momoBrowser = await MomoBrowser.LaunchAsync();
            await using var momo = await MomoP2pEmulator.StartAsync(momoBrowser.Browser);
            using var admin = await stack.CreateSignedInClientAsync();
            var bridge = await stack.Service("CameraBridge").ProcessIdAsync();
            var cameras = new List<string>();
            var viewers = new List<ViewerPage>();
            Console.WriteLine("| p2p sessions N | Nth viewer: first frame p50 / worst ms | connected p50 ms | Momo's Chromium CPU % of a core | bridge CPU % | Momo's sessions | load average |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---|");
            foreach (var size in audiences)
            {
                while (cameras.Count < size)
                {
                    var created = await admin.PostAsJsonAsync("/api/cameras", new { name = $"Bench {cameras.Count + 1}", url = momo.Url.ToString() });
                    created.EnsureSuccessStatusCode();
                    cameras.Add((await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!);
                    var viewer = await ViewerPage.OpenAsync(chromium.Browser, stack.GatewayUri, HirobaStack.ViewerPassword);
                    await viewer.WaitForStatusAsync(cameras[^1], "Online");
                    viewers.Add(viewer);
                }
                // The viewers before the Nth still watch (each stays on after its own row).
                var (firstFrames, connected) = await Timings.RepeatAsync(viewers[size - 1], cameras[size - 1], runs);
                var cpu = await CpuWindow.PercentAsync(momoBrowser.CpuSeconds, () => ProcReadings.CpuSeconds(bridge));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {size} | {Timings.Median(firstFrames):0} / {firstFrames[^1]:0} | {Timings.Median(connected):0} | {cpu[0]:0.0} | {cpu[1]:0.0} | {momo.OpenSessions} | {ProcReadings.LoadAverages()} |"));
            }
        }
        finally
        {
            await ((IAsyncLifetime)chromium).DisposeAsync();
            await ((IAsyncLifetime)stack).DisposeAsync();
        }
    }
}
