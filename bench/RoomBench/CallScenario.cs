using System.Runtime.Versioning;
using System.Text.Json;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Lan;

namespace Hiroba.RoomBench;

/// <summary>
/// The host waits in a call on the server; a guest on the guest host opens the call page, its camera preview starts,
/// and it presses Join: the time, in the guest's page, until its connection to the host has decoded a first video
/// frame. ICE is relay-only on both pages, so the media goes through coturn on the server's LAN address.
/// </summary>
[SupportedOSPlatform("linux")]
public static class CallScenario
{
    private const string JoinToFirstFrame = """
        async () => {
          const known = window.peerConnections.length;
          const started = performance.now();
          let connectedAfter = null;
          document.getElementById('join').click();
          while (performance.now() - started < 30000) {
            const pc = window.peerConnections.length > known ? window.peerConnections[window.peerConnections.length - 1] : null;
            if (pc) {
              if (connectedAfter === null && pc.connectionState === 'connected') connectedAfter = performance.now() - started;
              let frames = 0;
              (await pc.getStats()).forEach(report => {
                if (report.type === 'inbound-rtp' && report.kind === 'video') frames += report.framesDecoded || 0;
              });
              if (frames > 0) return { firstFrame: performance.now() - started, connected: connectedAfter ?? performance.now() - started };
            }
            await new Promise(resolve => setTimeout(resolve, 5));
          }
          return null;
        }
        """;

    /// <returns>Milliseconds from Join to connected and to the first decoded frame, per run (the warm-up run is not among them).</returns>
    public static async Task<IReadOnlyList<(double Connected, double FirstFrame)>> RunAsync(LanRoom room, int runs)
    {
        var callRoom = $"bench-{Guid.NewGuid():N}"[..18];
        await using var hostContext = await room.NewHostContextAsync();
        var host = await CallPage.OpenAsync(hostContext, room.PublicUri, callRoom, forceRelay: true);
        await host.JoinAsync("Host");
        await using var guestContext = await room.NewGuestContextAsync();
        var results = new List<(double, double)>();
        for (var run = 0; run <= runs; run++)
        {
            var guest = await CallPage.OpenAsync(guestContext, room.PublicUri, callRoom, forceRelay: true);
            await guest.Page.FillAsync("#name", $"Guest {run}");
            await guest.Page.WaitForFunctionAsync("() => document.getElementById('local-video').srcObject !== null");
            var result = await guest.Page.EvaluateAsync<JsonElement?>(JoinToFirstFrame)
                ?? throw new TimeoutException("No frame was decoded within 30 s.");
            var (connected, firstFrame) = (result.GetProperty("connected").GetDouble(), result.GetProperty("firstFrame").GetDouble());
            var pair = (await guest.SelectedCandidatePairsAsync()).EnumerateArray().Single();
            if (pair.GetProperty("local").GetString() != "relay" || pair.GetProperty("remote").GetString() != "relay")
            {
                throw new InvalidOperationException($"The call did not relay: {pair}.");
            }
            RunReport.Write(run, $"Join → connected {connected,6:0} ms, first decoded frame {firstFrame,6:0} ms");
            await guest.Page.ClickAsync("#leave");
            await host.WaitForConnectedPeersAsync();
            await guest.Page.CloseAsync();
            if (run > 0)
            {
                results.Add((connected, firstFrame));
            }
        }
        return results;
    }
}
