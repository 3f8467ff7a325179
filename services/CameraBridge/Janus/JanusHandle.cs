using System.Text.Json.Nodes;
using System.Threading.Channels;
using Hiroba.CameraBridge.Viewing;

namespace Hiroba.CameraBridge.Janus;

/// <summary>A plugin handle of a <see cref="JanusSession"/>: its requests, and its events that answer none of them.</summary>
public sealed class JanusHandle
{
    /// <summary>A handle's events are few (webrtcup, media, hangup, a plugin's notice); the oldest give way to newer ones.</summary>
    private const int MaxQueuedEvents = 64;

    private readonly JanusSession _session;
    private readonly Channel<JanusEvent> _events = Channel.CreateBounded<JanusEvent>(
        new BoundedChannelOptions(MaxQueuedEvents) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    internal JanusHandle(JanusSession session, long id) => (_session, Id) = (session, id);

    public long Id { get; }

    /// <summary>Events that answer no request; the reader ends when the handle is detached or the session ends.</summary>
    public ChannelReader<JanusEvent> Events => _events.Reader;

    /// <summary>A plugin message; its answer (synchronous <c>success</c>, or the event after an <c>ack</c>).</summary>
    /// <exception cref="JanusException">Janus or the plugin refused it, or Janus did not answer.</exception>
    public async Task<JanusEvent> MessageAsync(JsonObject body, Jsep? jsep, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["janus"] = "message", ["body"] = body };
        if (jsep is not null)
        {
            request["jsep"] = new JsonObject { ["type"] = jsep.Type, ["sdp"] = jsep.Sdp };
        }
        return (await _session.RequestAsync(Id, request, awaitEvent: true, cancellationToken)).ToEvent();
    }

    /// <summary>Trickles one of the browser's (or camera's) candidates to Janus; null says there are no more.</summary>
    public Task TrickleAsync(IceCandidate? candidate, CancellationToken cancellationToken) =>
        _session.RequestAsync(Id, new JsonObject
        {
            ["janus"] = "trickle",
            ["candidate"] = candidate is null
                ? new JsonObject { ["completed"] = true }
                : new JsonObject { ["candidate"] = candidate.Candidate, ["sdpMid"] = candidate.SdpMid, ["sdpMLineIndex"] = candidate.SdpMLineIndex },
        }, awaitEvent: false, cancellationToken);

    /// <summary>Detaches the handle (its PeerConnection goes with it); its events end.</summary>
    public async Task DetachAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _session.RequestAsync(Id, new JsonObject { ["janus"] = "detach" }, awaitEvent: false, cancellationToken);
        }
        finally
        {
            _session.Forget(Id);
            Complete();
        }
    }

    internal void Deliver(JanusEvent @event) => _events.Writer.TryWrite(@event);

    internal void Complete() => _events.Writer.TryComplete();
}
