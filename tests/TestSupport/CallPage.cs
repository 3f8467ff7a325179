using System.Text.Json;
using Microsoft.Playwright;

namespace Hiroba.TestSupport;

/// <summary>One browser tab on <c>/call</c>, driven like a user, with read access to its peer connections' stats.</summary>
public sealed class CallPage(IPage page)
{
    private static readonly PageWaitForFunctionOptions Generous = new() { Timeout = 45_000, PollingInterval = 250 };

    public IPage Page => page;

    public static async Task<CallPage> OpenAsync(IBrowserContext context, Uri gateway, string room, bool forceRelay = false)
    {
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync((forceRelay ? "window.forceRelay = true;" : "") + PeerConnectionRecorder.Script);
        await page.GotoAsync(new Uri(gateway, $"/call?room={Uri.EscapeDataString(room)}").ToString());
        return new CallPage(page);
    }

    public async Task JoinAsync(string name)
    {
        await page.FillAsync("#name", name);
        await page.ClickAsync("#join");
        await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.startsWith('In room')", null, Generous);
    }

    /// <summary>Waits until the page shows exactly these remote names, each connected.</summary>
    public async Task WaitForConnectedPeersAsync(params string[] names)
    {
        try
        {
            await page.WaitForFunctionAsync(
                """
                names => {
                  const tiles = [...document.querySelectorAll('.call-tile[data-peer-id]')];
                  return tiles.length === names.length
                    && names.every(name => tiles.some(tile => tile.dataset.name === name && tile.dataset.state === 'connected'));
                }
                """, names, Generous);
        }
        catch (TimeoutException exception)
        {
            var tiles = await page.EvalOnSelectorAllAsync<string[]>(
                ".call-tile[data-peer-id]", "tiles => tiles.map(tile => `${tile.dataset.name}: ${tile.dataset.state}`)");
            var connections = await page.EvaluateAsync<string[]>(
                """
                () => window.peerConnections.map(pc => `${pc.connectionState} (signaling ${pc.signalingState}, ice ${pc.iceConnectionState}, `
                  + `gathering ${pc.iceGatheringState}, local ${pc.localDescription?.type}, remote ${pc.remoteDescription?.type})`)
                """);
            var error = await page.EvaluateAsync<string>("() => document.getElementById('error').hidden ? '' : document.getElementById('error').textContent");
            throw new TimeoutException(
                $"Expected connected peers [{string.Join(", ", names)}], the page shows [{string.Join(", ", tiles)}]; "
                + $"its connections: [{string.Join("; ", connections)}]; error line: '{error}'.", exception);
        }
    }

    public async Task<string[]> RemoteNamesAsync() =>
        await page.EvalOnSelectorAllAsync<string[]>(".call-tile[data-peer-id]", "tiles => tiles.map(tile => tile.dataset.name)");

    /// <summary>Waits until every open peer connection has decoded more than <paramref name="frames"/> video frames.</summary>
    public Task WaitForDecodedVideoAsync(int frames = 30) => PagePolling.UntilTrueAsync(page,
        """
        async frames => {
          const open = window.peerConnections.filter(pc => pc.connectionState !== 'closed');
          if (open.length === 0) return false;
          const decoded = await Promise.all(open.map(async pc => {
            let total = 0;
            (await pc.getStats()).forEach(report => {
              if (report.type === 'inbound-rtp' && report.kind === 'video') total += report.framesDecoded || 0;
            });
            return total;
          }));
          return decoded.every(count => count > frames);
        }
        """, frames, $"every connection decoded more than {frames} video frames");

    /// <summary>The selected candidate pair of each open connection (<see cref="PeerConnectionRecorder.SelectedCandidatePairsAsync"/>).</summary>
    public Task<JsonElement> SelectedCandidatePairsAsync() => PeerConnectionRecorder.SelectedCandidatePairsAsync(page);
}
