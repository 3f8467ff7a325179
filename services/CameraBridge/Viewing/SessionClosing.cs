namespace Hiroba.CameraBridge.Viewing;

/// <summary>
/// Ends a viewing session's sockets cleanly: the browser is told why (when it is to be told), the browser and the
/// camera's side get a close, each relay ends when its side answers the close, and a side that does not is cut off.
/// </summary>
internal static class SessionClosing
{
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    /// <param name="relays">The relays that read the sockets; they end once the closes are answered.</param>
    /// <param name="closeCamerasSide">Sends the camera's side its close.</param>
    /// <param name="abortCamerasSide">Cuts the camera's side off when it did not answer in time.</param>
    public static async Task CloseAsync(
        MessageSocket browser, SessionEnd end, Task relays, Func<Task> closeCamerasSide, Func<ValueTask> abortCamerasSide)
    {
        if (end.TellBrowser is { } reason)
        {
            await browser.SendAsync(SignalMessages.End(reason), CancellationToken.None);
        }
        await Task.WhenAll(browser.CloseAsync(end.BrowserCloseStatus, end.BrowserCloseReason), closeCamerasSide());
        if (await Task.WhenAny(relays, Task.Delay(CloseTimeout, CancellationToken.None)) != relays)
        {
            browser.Abort();
            await abortCamerasSide();
            await relays;
        }
    }
}
