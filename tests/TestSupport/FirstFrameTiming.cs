using System.Text.Json;
using Microsoft.Playwright;

namespace Hiroba.TestSupport;

/// <summary>
/// Times, in the page itself, a click that opens a peer connection until it is connected and until it has decoded a
/// first video frame (the page keeps its connections in <c>window.peerConnections</c>).
/// </summary>
public static class FirstFrameTiming
{
    private const string ClickToFirstFrame = """
        async selector => {
          const known = window.peerConnections.length;
          const started = performance.now();
          let connectedAfter = null;
          document.querySelector(selector).click();
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

    /// <summary>Clicks the element and returns milliseconds to the new connection being connected and to its first decoded frame.</summary>
    public static async Task<(double Connected, double FirstFrame)> ClickAsync(IPage page, string selector)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.EvaluateAsync<JsonElement?>(ClickToFirstFrame, selector)
            ?? throw new TimeoutException("No frame was decoded within 30 s.");
        return (result.GetProperty("connected").GetDouble(), result.GetProperty("firstFrame").GetDouble());
    }
}
