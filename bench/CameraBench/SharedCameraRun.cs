using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using Hiroba.LocalComponents;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Lan;
using Hiroba.TestSupport.Momo;
using Xunit;

namespace Hiroba.CameraBench;

/// <summary>
/// One Ayame camera shared through Debian's Janus (issue 16): for each audience size N, a late joiner's time from
/// opening the view to its first decoded frame, and the CPU of Janus and of the camera bridge while N + 1 watch.
/// Janus gathers on the server's end of a veth pair (it skips loopback interfaces), as on the room's network.
/// </summary>
[SupportedOSPlatform("linux")]
public static class SharedCameraRun
{
    private const string RoomId = "bench-shared";

    public static async Task RunAsync(IReadOnlyList<int> audiences, int runs)
    {
        await using var lan = await GuestHost.CreateAsync();
        await using var janus = JanusFixture.OnAddress(lan.ServerAddress);
        await ((IAsyncLifetime)janus).InitializeAsync();
        var stack = new SharedCameraStack(janus);
        var chromium = new ChromiumFixture();
        await ((IAsyncLifetime)stack).InitializeAsync();
        await ((IAsyncLifetime)chromium).InitializeAsync();
        try
        {
            var key = Secrets.Create();
            using var admin = await stack.CreateSignedInClientAsync();
            (await admin.PostAsJsonAsync("/api/rooms", new { id = RoomId, title = "Bench camera", kind = "camera", signalingKey = key })).EnsureSuccessStatusCode();
            var created = await admin.PostAsJsonAsync("/api/cameras", new { name = "Bench", ayameRoomId = RoomId, signalingKey = key });
            created.EnsureSuccessStatusCode();
            var cameraId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
            await using var momoBrowser = await MomoBrowser.LaunchAsync();
            await using var momo = await MomoAyameEmulator.StartAsync(momoBrowser.Browser, stack.AyameSignalingUri, RoomId, key);
            var bridge = await stack.Service("CameraBridge").ProcessIdAsync();

            var audience = new List<ViewerPage>();
            var lateJoiner = await ViewerPage.OpenAsync(chromium.Browser, stack.GatewayUri, HirobaStack.ViewerPassword);
            await lateJoiner.WaitForStatusAsync(cameraId, "Online");
            Console.WriteLine("| audience N | first viewer: first frame ms (starts the publication) | late joiner: first frame p50 / worst ms | connected p50 ms | Janus CPU % of a core | bridge CPU % | Janus CPU per viewer % | Momo's Chromium CPU % | Momo's PeerConnections | load average |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var size in audiences)
            {
                string firstViewer = "";
                while (audience.Count < size)
                {
                    var viewer = await ViewerPage.OpenAsync(chromium.Browser, stack.GatewayUri, HirobaStack.ViewerPassword);
                    await viewer.WaitForStatusAsync(cameraId, "Online");
                    var (_, first) = await viewer.WatchAsync(cameraId);
                    if (audience.Count == 0)
                    {
                        firstViewer = first.ToString("0", CultureInfo.InvariantCulture);
                    }
                    audience.Add(viewer);
                }
                var (firstFrames, connected) = await Timings.RepeatAsync(lateJoiner, cameraId, runs);
                var cpu = await CpuWindow.PercentAsync(
                    () => ProcReadings.CpuSeconds(janus.Server.Process!.Id), () => ProcReadings.CpuSeconds(bridge), momoBrowser.CpuSeconds);
                var momoConnections = await momo.PeerConnectionCountAsync();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {size} | {firstViewer} | {Timings.Median(firstFrames):0} / {firstFrames[^1]:0} | {Timings.Median(connected):0} | {cpu[0]:0.0} | {cpu[1]:0.0} | {cpu[0] / (size + 1):0.00} | {cpu[2]:0.0} | {momoConnections} | {ProcReadings.LoadAverages()} |"));
                await lateJoiner.CloseViewerAsync();
            }
        }
        finally
        {
            await ((IAsyncLifetime)chromium).DisposeAsync();
            await ((IAsyncLifetime)stack).DisposeAsync();
        }
    }

    /// <summary>Rooms, Signaling and the camera bridge with Janus, sharing each camera with up to 100 viewers.</summary>
    private sealed class SharedCameraStack(JanusFixture janus) : HirobaStack("Rooms", "Signaling", "CameraBridge")
    {
        protected override IDictionary<string, string?> SettingsFor(string serviceName)
        {
            var settings = base.SettingsFor(serviceName);
            if (serviceName == "CameraBridge")
            {
                janus.AddBridgeSettings(settings);
                settings["Cameras:Sharing:MaxViewers"] = "100";
            }
            return settings;
        }
    }
}
