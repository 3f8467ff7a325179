using System.Runtime.Versioning;
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
            var (connected, firstFrame) = await FirstFrameTiming.ClickAsync(guest.Page, "#join");
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
