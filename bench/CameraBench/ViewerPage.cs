using Hiroba.TestSupport;
using Microsoft.Playwright;

namespace Hiroba.CameraBench;

/// <summary>The signed-in <c>/cameras</c> page, timing a click on a camera to the first decoded frame in the page itself.</summary>
public sealed class ViewerPage(CameraPage camera)
{
    public static async Task<ViewerPage> OpenAsync(IBrowser browser, Uri gateway, string password) =>
        new(await CameraPage.OpenAsync(await browser.NewContextAsync(), gateway, password));

    public Task WaitForStatusAsync(string cameraId, string status) => camera.WaitForStatusAsync(cameraId, status, timeoutMilliseconds: 60_000);

    /// <summary>Clicks the camera and returns milliseconds to the peer connection being connected and to the first decoded frame.</summary>
    public Task<(double Connected, double FirstFrame)> WatchAsync(string cameraId) =>
        FirstFrameTiming.ClickAsync(camera.Page, $".camera-tile[data-camera-id='{cameraId}'] .camera-open");

    public Task CloseViewerAsync() => camera.Page.ClickAsync("#viewer-close");
}
