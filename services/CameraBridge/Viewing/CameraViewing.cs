using System.Net.WebSockets;
using Hiroba.CameraBridge.Cameras;
using Hiroba.CameraBridge.Sharing;
using Hiroba.CameraBridge.Status;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Viewing;

/// <summary>
/// Runs a viewing session for a browser's WebSocket on <c>/ws/cameras/{id}</c>: takes the camera's lease (one viewer per
/// Momo connection), opens the bridge's own link to the camera's configured address, tells the browser <c>ready</c>,
/// then relays offer, answer and candidates in Momo's shapes until either side goes or the viewer signs out, and closes
/// both cleanly.
/// </summary>
public sealed partial class CameraViewing(
    CameraPublications publications,
    SharedViewing shared,
    ViewerLeases leases,
    P2pCameraProber prober,
    IOptions<ViewingOptions> viewingOptions,
    IOptions<CamerasOptions> camerasOptions,
    ILogger<CameraViewing> logger)
{
    private readonly ViewingOptions _options = viewingOptions.Value;

    /// <param name="signedOut">Cancelled when the viewer's session signs out.</param>
    /// <param name="stopping">Cancelled when the bridge stops.</param>
    public async Task RunAsync(Camera camera, WebSocket browserSocket, CancellationToken signedOut, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(camera);
        using var browser = new MessageSocket(browserSocket, _options.MaxMessageBytes);
        if (publications.Shares(camera))
        {
            await shared.RunAsync(camera, browser, signedOut, stopping);
            return;
        }
        using var lease = leases.TryAcquire(camera.Id);
        if (lease is null)
        {
            LogRefused(logger, camera.Id, EndReason.Busy);
            await EndAsync(browser, EndReason.Busy);
            return;
        }

        var opening = await OpenLinkAsync(camera, stopping);
        if (opening.Link is not { } link)
        {
            LogRefused(logger, camera.Id, opening.Refusal);
            if (opening.Refusal == EndReason.Offline)
            {
                prober.ProbeNow(camera.Id);
            }
            await EndAsync(browser, opening.Refusal);
            return;
        }
        await using (link)
        {
            if (!await browser.SendAsync(SignalMessages.Ready(camera.Kind.ToString(), opening.IceServersJson), stopping))
            {
                await link.CloseAsync();
                return;
            }
            LogStarted(logger, camera.Id, camera.Kind);
            var end = await RelayAsync(browser, link, signedOut, stopping);
            LogEnded(logger, camera.Id, end.Description);
            if (end == SessionEnd.CameraLeft)
            {
                // The camera may be gone: find out now rather than at the next probe.
                prober.ProbeNow(camera.Id);
            }
        }
    }

    private Task<LinkOpening> OpenLinkAsync(Camera camera, CancellationToken stopping) => camera.Endpoint switch
    {
        MomoP2pEndpoint p2p => MomoP2pLink.OpenAsync(camera.Id, p2p.Url, _options, stopping),
        AyameRoomEndpoint room when camerasOptions.Value.SignalingUrl is { } signalingUrl =>
            AyameViewerLink.OpenAsync(room, new Uri(signalingUrl), _options, logger, stopping),
        _ => Task.FromResult(LinkOpening.Refused(EndReason.Unavailable)),
    };

    private async Task<SessionEnd> RelayAsync(MessageSocket browser, CameraLink link, CancellationToken signedOut, CancellationToken stopping)
    {
        var fromBrowser = RelayFromBrowserAsync(browser, link, stopping);
        var fromCamera = RelayFromCameraAsync(link, browser, stopping);
        // Cancelled also once a relay ends, so that the wait for a sign-out ends with the session.
        using var relaying = CancellationTokenSource.CreateLinkedTokenSource(signedOut);
        var end = await await Task.WhenAny(fromBrowser, fromCamera, SignedOutAsync(relaying.Token));
        await relaying.CancelAsync();

        await SessionClosing.CloseAsync(browser, end, Task.WhenAll(fromBrowser, fromCamera), link.CloseAsync, link.DisposeAsync);
        return end;
    }

    private Task<SessionEnd> RelayFromBrowserAsync(MessageSocket browser, CameraLink link, CancellationToken stopping) =>
        BrowserRelay.RunAsync(browser, _options.MaxMessagesPerSession, async message =>
        {
            if (ForCamera(message) is not { } forCamera)
            {
                return SessionEnd.BadMessage("a message that is not an offer, a complete candidate or close");
            }
            return await link.SendAsync(forCamera, stopping) ? null : SessionEnd.CameraLeft;
        }, stopping);

    /// <summary>
    /// Completes when <paramref name="signedOut"/> is cancelled. The relays are not cancelled for it: a cancelled receive
    /// aborts its WebSocket, and the browser is to be told why the session ends.
    /// </summary>
    internal static async Task<SessionEnd> SignedOutAsync(CancellationToken signedOut)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, signedOut).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return SessionEnd.SignedOut;
    }

    /// <summary>The browser's offer or candidate in Momo's shape; null for anything else.</summary>
    private static byte[]? ForCamera(SignalMessage? message) => message switch
    {
        { Type: "offer", Sdp: { } sdp } => SignalMessages.Offer(sdp),
        { Type: "candidate", Ice: { } ice } => SignalMessages.Candidate(ice),
        _ => null,
    };

    private static async Task<SessionEnd> RelayFromCameraAsync(CameraLink link, MessageSocket browser, CancellationToken stopping)
    {
        try
        {
            while (await link.ReceiveAsync(stopping) is { } forBrowser)
            {
                if (!await browser.SendAsync(forBrowser, stopping))
                {
                    return SessionEnd.ViewerLeft;
                }
            }
            return SessionEnd.CameraLeft;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return SessionEnd.Stopping;
        }
    }

    internal static async Task EndAsync(MessageSocket browser, EndReason reason)
    {
        await browser.SendAsync(SignalMessages.End(reason), CancellationToken.None);
        await browser.CloseAsync(WebSocketCloseStatus.NormalClosure);
        // Wait for the browser's answer to the close, so the socket ends cleanly rather than being cut.
        using var timeout = new CancellationTokenSource(SessionClosing.CloseTimeout);
        try
        {
            while (await browser.ReceiveAsync(timeout.Token) is not null)
            {
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(LogLevel.Information, "Viewer started watching camera {CameraId} ({Kind})")]
    private static partial void LogStarted(ILogger logger, string cameraId, CameraKind kind);

    [LoggerMessage(LogLevel.Information, "Viewing camera {CameraId} ended: {Description}")]
    private static partial void LogEnded(ILogger logger, string cameraId, string description);

    [LoggerMessage(LogLevel.Information, "Viewer of camera {CameraId} turned away: {Reason}")]
    private static partial void LogRefused(ILogger logger, string cameraId, EndReason reason);
}
