using Hiroba.CameraBridge.Cameras;
using Hiroba.CameraBridge.Janus;
using Hiroba.CameraBridge.Viewing;

namespace Hiroba.CameraBridge.Sharing;

/// <summary>
/// One Ayame camera's stream published into Janus while it has viewers: a Janus session with a private VideoRoom room
/// named by the camera's id and a publisher in it, and the bridge in the camera's Ayame room as its media server. Momo,
/// registered again as the second peer, offers; Janus answers; Momo's candidates are trickled to Janus (Janus's come in
/// its answer). <see cref="Live"/> completes once Janus receives the stream; the publication ends when Momo leaves, when
/// Janus hangs up or is lost, when the stream does not come within the publish timeout, or when it is disposed.
/// </summary>
public sealed partial class CameraPublication : IAsyncDisposable
{
    private readonly TaskCompletionSource<string?> _live = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<EndReason> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Camera _camera;
    private readonly AyameRoomEndpoint _room;
    private readonly Dependencies _dependencies;
    private readonly Task _previous;
    private JanusSession? _session;
    private Task _running = Task.CompletedTask;

    private CameraPublication(Camera camera, AyameRoomEndpoint room, Dependencies dependencies, Task previous) =>
        (_camera, _room, _dependencies, _previous) = (camera, room, dependencies, previous);

    /// <summary>The VideoRoom room: the camera's id (the plugin runs with string ids).</summary>
    public string Room => _camera.Id;

    /// <summary>The publisher's feed id once Janus receives the camera's stream; null when the publication ended first.</summary>
    public Task<string?> Live => _live.Task;

    /// <summary>Why the publication ended, as its viewers are told.</summary>
    public Task<EndReason> Ended => _ended.Task;

    /// <summary>The Janus session that viewers attach their subscriber handles to; set once <see cref="Live"/> has a feed.</summary>
    public JanusSession Session => _session ?? throw new InvalidOperationException("The publication has no Janus session yet.");

    /// <param name="previous">
    /// The end of the camera's previous publication, which destroys its room: this one makes the room only after that,
    /// so the two never share it (a viewer who comes back just as the idle grace ends).
    /// </param>
    public static CameraPublication Start(Camera camera, AyameRoomEndpoint room, Dependencies dependencies, Task previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var publication = new CameraPublication(camera, room, dependencies, previous);
        publication._running = publication.RunAsync(publication._stopping.Token);
        return publication;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _running;
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var end = EndReason.Unavailable;
        try
        {
            await _previous.WaitAsync(stopping);
            _session = await _dependencies.Janus.CreateSessionAsync(stopping);
            var publisher = await _session.AttachAsync(VideoRoom.Plugin, stopping);
            await CreateRoomAsync(publisher, stopping);
            var feed = VideoRoom.FeedId(await publisher.MessageAsync(VideoRoom.JoinAsPublisher(Room), null, stopping));
            var opening = await MediaServerLink.OpenAsync(_room, _dependencies.SignalingUrl, _dependencies.Viewing, stopping);
            if (opening.Link is not MediaServerLink link)
            {
                end = opening.Refusal;
                return;
            }
            await using (link)
            {
                end = await PublishAsync(publisher, feed, link, stopping);
                await link.CloseAsync();
            }
        }
        catch (JanusException exception)
        {
            LogJanusFailed(_dependencies.Logger, _camera.Id, exception.Message);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            end = EndReason.Stopping;
        }
        finally
        {
            _live.TrySetResult(null);
            _ended.TrySetResult(end);
            if (_session is not null)
            {
                // The room goes with the session's handles; Janus forgets a non-permanent room only when told.
                await DestroyRoomAsync(_session);
                await _session.DisposeAsync();
            }
            LogEnded(_dependencies.Logger, _camera.Id, EndReasons.Code(end));
        }
    }

    private async Task<EndReason> PublishAsync(JanusHandle publisher, string feed, MediaServerLink link, CancellationToken stopping)
    {
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Task<EndReason>[] watches =
        [
            WatchPublisherAsync(publisher, feed, ending.Token),
            RelayFromCameraAsync(publisher, link, ending.Token),
            OfflineUnlessLiveAsync(ending.Token),
        ];
        var end = await await Task.WhenAny(watches);
        await ending.CancelAsync();
        await Task.WhenAll(watches);
        stopping.ThrowIfCancellationRequested();
        return end;
    }

    /// <summary>
    /// The camera's room. One that exists was left by a bridge that stopped without destroying it (Janus keeps it, and
    /// the session's publisher until the session times out, inactive once Momo left): it is reused.
    /// </summary>
    private async Task CreateRoomAsync(JanusHandle publisher, CancellationToken stopping)
    {
        try
        {
            await publisher.MessageAsync(VideoRoom.Create(Room), null, stopping);
        }
        catch (JanusException exception) when (exception.Code == VideoRoom.RoomExists)
        {
            LogRoomReused(_dependencies.Logger, Room);
        }
    }

    /// <summary>Janus's <c>webrtcup</c> makes the publication live; its <c>hangup</c>, or the session's end, ends it.</summary>
    private async Task<EndReason> WatchPublisherAsync(JanusHandle publisher, string feed, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var @event in publisher.Events.ReadAllAsync(cancellationToken))
            {
                if (@event.Janus == "webrtcup")
                {
                    LogLive(_dependencies.Logger, _camera.Id, feed);
                    _live.TrySetResult(feed);
                }
                else if (@event.Janus == "hangup")
                {
                    return EndReason.CameraLeft;
                }
            }
            return EndReason.Unavailable;
        }
        catch (OperationCanceledException)
        {
            return EndReason.Stopping;
        }
    }

    /// <summary>Momo's offer goes to Janus as the publisher's, Janus's answer back to Momo; Momo's candidates are trickled.</summary>
    private async Task<EndReason> RelayFromCameraAsync(JanusHandle publisher, MediaServerLink link, CancellationToken cancellationToken)
    {
        try
        {
            while (await link.NextFromCameraAsync(cancellationToken) is { } message)
            {
                if (message is { Type: "offer", Sdp: { } sdp })
                {
                    var published = await publisher.MessageAsync(VideoRoom.Publish(), new Jsep("offer", sdp), cancellationToken);
                    if (published.Jsep is not { Type: "answer" } answer)
                    {
                        LogJanusFailed(_dependencies.Logger, _camera.Id, "Janus did not answer the camera's offer");
                        return EndReason.Unavailable;
                    }
                    await link.SendAsync(SignalMessages.Answer(answer.Sdp), cancellationToken);
                }
                else if (message is { Type: "candidate", Ice: { } ice })
                {
                    await publisher.TrickleAsync(ice, cancellationToken);
                }
            }
            return EndReason.CameraLeft;
        }
        catch (JanusException exception)
        {
            LogJanusFailed(_dependencies.Logger, _camera.Id, exception.Message);
            return EndReason.Unavailable;
        }
        catch (OperationCanceledException)
        {
            return EndReason.Stopping;
        }
    }

    /// <summary>No stream within the publish timeout: Momo is not in its room (or cannot reach Janus).</summary>
    private async Task<EndReason> OfflineUnlessLiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _live.Task.WaitAsync(_dependencies.Sharing.PublishTimeout, _dependencies.TimeProvider, cancellationToken);
            await Task.Delay(Timeout.InfiniteTimeSpan, _dependencies.TimeProvider, cancellationToken);
            return EndReason.Stopping;
        }
        catch (TimeoutException)
        {
            return EndReason.Offline;
        }
        catch (OperationCanceledException)
        {
            return EndReason.Stopping;
        }
    }

    private async Task DestroyRoomAsync(JanusSession session)
    {
        try
        {
            var handle = await session.AttachAsync(VideoRoom.Plugin, CancellationToken.None);
            await handle.MessageAsync(VideoRoom.Destroy(Room), null, CancellationToken.None);
        }
        catch (JanusException exception)
        {
            LogRoomKept(_dependencies.Logger, Room, exception.Message);
        }
    }

    /// <summary>What every publication needs from the bridge.</summary>
    public sealed record Dependencies(
        JanusClient Janus, Uri SignalingUrl, ViewingOptions Viewing, SharingOptions Sharing, TimeProvider TimeProvider, ILogger Logger);

    [LoggerMessage(LogLevel.Information, "Camera {CameraId} streams into Janus (feed {Feed})")]
    private static partial void LogLive(ILogger logger, string cameraId, string feed);

    [LoggerMessage(LogLevel.Information, "Camera {CameraId} stopped streaming into Janus: {Reason}")]
    private static partial void LogEnded(ILogger logger, string cameraId, string reason);

    [LoggerMessage(LogLevel.Warning, "Sharing camera {CameraId} through Janus failed: {Reason}")]
    private static partial void LogJanusFailed(ILogger logger, string cameraId, string reason);

    [LoggerMessage(LogLevel.Information, "Janus room {Room} was left by an earlier publication; it is used again")]
    private static partial void LogRoomReused(ILogger logger, string room);

    [LoggerMessage(LogLevel.Debug, "Janus room {Room} was not destroyed: {Reason}")]
    private static partial void LogRoomKept(ILogger logger, string room, string reason);
}
