using System.Text.Json;
using Hiroba.TestSupport;
using Microsoft.Playwright;

namespace Hiroba.CameraBench;

/// <summary>The signed-in <c>/cameras</c> page, timing a click on a camera to the first decoded frame in the page itself.</summary>
public sealed class ViewerPage(IPage page)
{
    private const string TimeToFirstFrame = """
        async id => {
          const known = window.peerConnections.length;
          const started = performance.now();
          let connectedAfter = null;
          document.querySelector(`.camera-tile[data-camera-id='${id}'] .camera-open`).click();
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

    public static async Task<ViewerPage> OpenAsync(IBrowser browser, Uri gateway, string password)
    {
        var context = await browser.NewContextAsync();
        var signIn = await context.APIRequest.PostAsync(new Uri(gateway, "/api/auth/sign-in").ToString(), new() { DataObject = new { password } });
        if (!signIn.Ok)
        {
            throw new InvalidOperationException($"sign-in answered {signIn.Status}");
        }
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync(PeerConnectionRecorder.Script);
        await page.GotoAsync(new Uri(gateway, "/cameras").ToString());
        return new ViewerPage(page);
    }

    public Task WaitForStatusAsync(string cameraId, string status) => page.WaitForFunctionAsync(
        "([id, status]) => document.querySelector(`.camera-tile[data-camera-id='${id}']`)?.dataset.status === status",
        new[] { cameraId, status }, new() { Timeout = 60_000, PollingInterval = 50 });

    /// <summary>Clicks the camera and returns milliseconds to the peer connection being connected and to the first decoded frame.</summary>
    public async Task<(double Connected, double FirstFrame)> WatchAsync(string cameraId)
    {
        var result = await page.EvaluateAsync<JsonElement?>(TimeToFirstFrame, cameraId)
            ?? throw new TimeoutException("No frame was decoded within 30 s.");
        return (result.GetProperty("connected").GetDouble(), result.GetProperty("firstFrame").GetDouble());
    }

    public Task CloseViewerAsync() => page.ClickAsync("#viewer-close");
}
