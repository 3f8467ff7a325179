namespace Hiroba.CameraBridge.Viewing;

/// <summary>The reading side of every viewing session: the browser's messages, read strictly and counted.</summary>
internal static class BrowserRelay
{
    /// <summary>
    /// Reads the browser's messages until the session ends: <c>close</c> or the socket closing is the viewer leaving,
    /// more than <paramref name="maxMessages"/> a bad message, and the bridge stopping ends it too. Every other message
    /// (null when it cannot be read) goes to <paramref name="handle"/>, which returns null to go on or how the session ends.
    /// </summary>
    public static async Task<SessionEnd> RunAsync(
        MessageSocket browser, int maxMessages, Func<SignalMessage?, Task<SessionEnd?>> handle, CancellationToken stopping)
    {
        try
        {
            for (var count = 1; await browser.ReceiveAsync(stopping) is { } bytes; count++)
            {
                if (count > maxMessages)
                {
                    return SessionEnd.BadMessage($"more than {maxMessages} messages");
                }
                var message = SignalMessage.TryRead(bytes);
                if (message is { Type: "close" })
                {
                    return SessionEnd.ViewerLeft;
                }
                if (await handle(message) is { } end)
                {
                    return end;
                }
            }
            return SessionEnd.ViewerLeft;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return SessionEnd.Stopping;
        }
    }
}
