using System.Net.WebSockets;
using Hiroba.CameraBridge.Cameras;
using Hiroba.CameraBridge.Janus;
using Hiroba.CameraBridge.Viewing;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Sharing;

/// <summary>
/// A browser watching a shared camera: it takes a place among the camera's viewers (the first starts the publication),
/// waits for the stream to reach Janus, and subscribes to it. Janus offers (the page is told <c>ready</c> with
/// <c>shared</c>, then gets the offer), the page answers, and its candidates are trickled to Janus. The session ends
/// when the viewer leaves or signs out, when the camera's publication ends (Momo left: <c>camera-left</c>), or when
/// Janus refuses something.
/// </summary>
public sealed partial class SharedViewing(CameraPublications publications, IOptions<ViewingOptions> viewingOptions, ILogger<SharedViewing> logger)
{
    private readonly ViewingOptions _options = viewingOptions.Value;

    public async Task RunAsync(Camera camera, MessageSocket browser, CancellationToken signedOut, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(browser);
        using var place = publications.TryJoin(camera);
        if (place is null)
        {
            LogRefused(logger, camera.Id, EndReason.TooManyViewers);
            await CameraViewing.EndAsync(browser, EndReason.TooManyViewers);
            return;
        }
        var publication = place.Publication;
        string? feed;
        try
        {
            feed = await publication.Live.WaitAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await CameraViewing.EndAsync(browser, EndReason.Stopping);
            return;
        }
        if (feed is null)
        {
            var reason = await publication.Ended;
            LogRefused(logger, camera.Id, reason);
            await CameraViewing.EndAsync(browser, reason);
            return;
        }
        JanusHandle? subscriber = null;
        try
        {
            subscriber = await publication.Session.AttachAsync(VideoRoom.Plugin, stopping);
            var attached = await subscriber.MessageAsync(VideoRoom.Subscribe(publication.Room, feed), null, stopping);
            if (attached.Jsep is not { Type: "offer" } offer)
            {
                throw new JanusException(JanusException.Unreachable, "a subscription without Janus's offer");
            }
            if (!await browser.SendAsync(SignalMessages.Ready(camera.Kind.ToString(), iceServersJson: null, shared: true), stopping)
                || !await browser.SendAsync(SignalMessages.Offer(offer.Sdp), stopping))
            {
                return;
            }
            LogStarted(logger, camera.Id, feed);
            var end = await RelayAsync(browser, subscriber, publication, signedOut, stopping);
            LogEnded(logger, camera.Id, end.Description);
        }
        catch (JanusException exception)
        {
            LogJanusFailed(logger, camera.Id, exception.Message);
            await CameraViewing.EndAsync(browser, EndReason.Unavailable);
        }
        finally
        {
            await DetachAsync(subscriber);
        }
    }

    private async Task<SessionEnd> RelayAsync(
        MessageSocket browser, JanusHandle subscriber, CameraPublication publication, CancellationToken signedOut, CancellationToken stopping)
    {
        using var relaying = CancellationTokenSource.CreateLinkedTokenSource(signedOut);
        var fromBrowser = RelayFromBrowserAsync(browser, subscriber, stopping);
        var end = await await Task.WhenAny(
            fromBrowser, CameraGoneAsync(publication, subscriber, relaying.Token), CameraViewing.SignedOutAsync(relaying.Token));
        await relaying.CancelAsync();

        // Janus's side needs no close: the subscriber handle is detached afterwards.
        await SessionClosing.CloseAsync(browser, end, fromBrowser, () => Task.CompletedTask, () => ValueTask.CompletedTask);
        return end;
    }

    /// <summary>The page's answer starts the subscription; its candidates are trickled to Janus.</summary>
    private Task<SessionEnd> RelayFromBrowserAsync(MessageSocket browser, JanusHandle subscriber, CancellationToken stopping) =>
        BrowserRelay.RunAsync(browser, _options.MaxMessagesPerSession, async message =>
        {
            try
            {
                switch (message)
                {
                    case { Type: "answer", Sdp: { } sdp }:
                        await subscriber.MessageAsync(VideoRoom.Start(), new Jsep("answer", sdp), stopping);
                        return null;
                    case { Type: "candidate", Ice: { } ice }:
                        await subscriber.TrickleAsync(ice, stopping);
                        return null;
                    default:
                        return SessionEnd.BadMessage("a message that is not an answer, a complete candidate or close");
                }
            }
            catch (JanusException exception)
            {
                return new SessionEnd(EndReason.Unavailable, WebSocketCloseStatus.NormalClosure, $"Janus refused: {exception.Message}");
            }
        }, stopping);

    /// <summary>The publication ended (Momo left, Janus lost), or Janus hung up this viewer's connection.</summary>
    private static async Task<SessionEnd> CameraGoneAsync(CameraPublication publication, JanusHandle subscriber, CancellationToken relaying)
    {
        try
        {
            var hungUp = subscriber.Events.ReadAllAsync(relaying).FirstOrDefaultAsync(@event => @event.Janus == "hangup", relaying).AsTask();
            await Task.WhenAny(publication.Ended, hungUp).WaitAsync(relaying);
            return SessionEnd.CameraLeft;
        }
        catch (OperationCanceledException)
        {
            return SessionEnd.ViewerLeft;
        }
    }

    private async Task DetachAsync(JanusHandle? subscriber)
    {
        if (subscriber is null)
        {
            return;
        }
        try
        {
            await subscriber.DetachAsync(CancellationToken.None);
        }
        catch (JanusException exception)
        {
            LogJanusFailed(logger, "(detach)", exception.Message);
        }
    }

    [LoggerMessage(LogLevel.Information, "Viewer started watching shared camera {CameraId} (feed {Feed})")]
    private static partial void LogStarted(ILogger logger, string cameraId, string feed);

    [LoggerMessage(LogLevel.Information, "Viewing shared camera {CameraId} ended: {Description}")]
    private static partial void LogEnded(ILogger logger, string cameraId, string description);

    [LoggerMessage(LogLevel.Information, "Viewer of shared camera {CameraId} turned away: {Reason}")]
    private static partial void LogRefused(ILogger logger, string cameraId, EndReason reason);

    [LoggerMessage(LogLevel.Warning, "Janus failed a viewer of camera {CameraId}: {Reason}")]
    private static partial void LogJanusFailed(ILogger logger, string cameraId, string reason);
}
