using System.Text.Json;
using Hiroba.TestSupport;
using Microsoft.Playwright;

namespace Hiroba.CameraBench;

/// <summary>The signed-in <c>/cameras</c> page, timing a click on a camera to the first decoded frame in the page itself.</summary>
public sealed class ViewerPage(CameraPage camera)
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

    public static async Task<ViewerPage> OpenAsync(IBrowser browser, Uri gateway, string password) =>
        new(await CameraPage.OpenAsync(await browser.NewContextAsync(), gateway, password));

    public Task WaitForStatusAsync(string cameraId, string status) => camera.WaitForStatusAsync(cameraId, status, timeoutMilliseconds: 60_000);

    /// <summary>Clicks the camera and returns milliseconds to the peer connection being connected and to the first decoded frame.</summary>
    public async Task<(double Connected, double FirstFrame)> WatchAsync(string cameraId)
    {
        var result = await camera.Page.EvaluateAsync<JsonElement?>(TimeToFirstFrame, cameraId)
            ?? throw new TimeoutException("No frame was decoded within 30 s.");
        return (result.GetProperty("connected").GetDouble(), result.GetProperty("firstFrame").GetDouble());
    }

    public Task CloseViewerAsync() => camera.Page.ClickAsync("#viewer-close");
}
