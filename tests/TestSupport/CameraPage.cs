using Microsoft.Playwright;
using Xunit;

namespace Hiroba.TestSupport;

/// <summary>One browser tab on <c>/cameras</c>, signed in, driven like a user, with its peer connections' stats readable.</summary>
public sealed class CameraPage(IPage page)
{
    private static readonly PageWaitForFunctionOptions Generous = new() { Timeout = 45_000, PollingInterval = 100 };

    public IPage Page => page;

    /// <summary>Signs in on the sign-in page, which sends the browser on to <c>/cameras</c>, as a person does.</summary>
    /// <param name="forceRelay">ICE through TURN only, as for a laptop whose network lets nothing else through.</param>
    public static async Task<CameraPage> OpenAsync(IBrowserContext context, Uri gateway, string password, bool forceRelay = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(45_000);
        await page.AddInitScriptAsync((forceRelay ? "window.forceRelay = true;" : "") + PeerConnectionRecorder.Script);
        await page.GotoAsync(new Uri(gateway, "/signin?returnUrl=%2Fcameras").ToString());
        await page.FillAsync("#password", password);
        await page.PressAsync("#password", "Enter");
        // The URL, not the load event: the page's script navigates, and the cameras page's own waits follow.
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(gateway, "/cameras").ToString(), new() { Timeout = 45_000 });
        return new CameraPage(page);
    }

    /// <summary>The selected candidate pair of each open connection (<see cref="PeerConnectionRecorder.SelectedCandidatePairsAsync"/>).</summary>
    public Task<System.Text.Json.JsonElement> SelectedCandidatePairsAsync() => PeerConnectionRecorder.SelectedCandidatePairsAsync(page);

    /// <summary>Waits until the camera's tile shows one of the statuses (<c>Online</c>, <c>Offline</c>, <c>Busy</c>).</summary>
    public Task WaitForStatusAsync(string cameraId, string status, float timeoutMilliseconds = 45_000, string? orStatus = null) =>
        page.WaitForFunctionAsync(
            "([id, statuses]) => statuses.includes(document.querySelector(`.camera-tile[data-camera-id='${id}']`)?.dataset.status)",
            new object[] { cameraId, new[] { status, orStatus ?? status } }, new() { Timeout = timeoutMilliseconds, PollingInterval = 50 });

    public Task WatchAsync(string cameraId) => page.ClickAsync($".camera-tile[data-camera-id='{cameraId}'] .camera-open");

    /// <summary>Waits for one of the viewer's states (<c>connecting</c>, <c>negotiating</c>, <c>live</c>, <c>busy</c>, <c>offline</c>, <c>ended</c>).</summary>
    public Task WaitForViewerStateAsync(params string[] states) => page.WaitForFunctionAsync(
        "states => states.includes(document.getElementById('viewer').dataset.state)", states, Generous);

    public Task<string> ViewerMessageAsync() => page.InnerTextAsync("#viewer-message");

    /// <summary>Viewing sessions so far (each makes one RTCPeerConnection).</summary>
    public Task<int> PeerConnectionCountAsync() => page.EvaluateAsync<int>("() => window.peerConnections.length");

    /// <summary>Video frames decoded so far by the newest peer connection (the current viewing session).</summary>
    public Task<long> FramesDecodedAsync() => page.EvaluateAsync<long>(
        """
        async () => {
          const pc = window.peerConnections[window.peerConnections.length - 1];
          if (!pc) return 0;
          let frames = 0;
          (await pc.getStats()).forEach(report => {
            if (report.type === 'inbound-rtp' && report.kind === 'video') frames += report.framesDecoded || 0;
          });
          return frames;
        }
        """);

    /// <summary>Waits until the current viewing session has decoded more than <paramref name="frames"/> frames.</summary>
    public async Task WaitForDecodedFramesAsync(long frames = 30)
    {
        var deadline = DateTime.UtcNow + PagePolling.Generous;
        while (await FramesDecodedAsync() <= frames)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until the viewer decoded more than {frames} frames; {await DescribeViewerAsync()}");
            await Task.Delay(50);
        }
    }

    /// <summary>What the viewer shows and the state of each viewing session's connection, for failure messages.</summary>
    public Task<string> DescribeViewerAsync() => page.EvaluateAsync<string>(
        """
        () => `viewer ${document.getElementById('viewer').dataset.state} ('${document.getElementById('viewer-message').textContent}'), `
          + `connections [${window.peerConnections.map(pc => `${pc.connectionState}/${pc.signalingState}`).join(', ')}]`
        """);
}
