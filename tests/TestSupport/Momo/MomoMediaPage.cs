using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Hiroba.TestSupport.Momo;

/// <summary>
/// The media side of an emulated Momo: a headless Chromium page whose fake camera stands in for Momo's capture device.
/// Each connection id is one RTCPeerConnection carrying that one shared camera track (Momo's <c>InitTracks</c> adds its
/// track to every connection), so SDP, ICE and frames are real. Signaling stays in C#.
/// </summary>
public sealed class MomoMediaPage : IAsyncDisposable
{
    /// <summary>Served by Playwright itself (no server, no DNS): http://localhost is a secure context, as getUserMedia needs.</summary>
    private const string PageUrl = "http://localhost/momo-emulator-media.html";

    private const string PageHtml = """
        <!doctype html><meta charset="utf-8"><title>Momo emulator media</title>
        <script>
        window.momo = (() => {
          const connections = new Map();
          let camera = null;
          const capture = () => camera ??= navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
          return {
            async create(id, iceServersJson, sendOnly) {
              const pc = new RTCPeerConnection({ iceServers: JSON.parse(iceServersJson) });
              connections.set(id, pc);
              pc.onicecandidate = ({ candidate }) => {
                if (candidate && candidate.candidate) window.momoCandidate(id, candidate.candidate, candidate.sdpMid, candidate.sdpMLineIndex);
              };
              pc.oniceconnectionstatechange = () => window.momoIceState(id, pc.iceConnectionState);
              const stream = await capture();
              for (const track of stream.getTracks()) {
                const sender = pc.addTrack(track, stream);
                if (sendOnly) pc.getTransceivers().find(t => t.sender === sender).direction = 'sendonly';
              }
            },
            async answer(id, sdp) {
              const pc = connections.get(id);
              await pc.setRemoteDescription({ type: 'offer', sdp });
              await pc.setLocalDescription();
              return pc.localDescription.sdp;
            },
            async offer(id) {
              const pc = connections.get(id);
              await pc.setLocalDescription();
              return pc.localDescription.sdp;
            },
            async accept(id, sdp) { await connections.get(id)?.setRemoteDescription({ type: 'answer', sdp }); },
            async candidate(id, candidate, sdpMid, sdpMLineIndex) {
              await connections.get(id)?.addIceCandidate({ candidate, sdpMid, sdpMLineIndex });
            },
            close(id) {
              connections.get(id)?.close();
              connections.delete(id);
            },
            count: () => connections.size,
          };
        })();
        </script>
        """;

    private readonly IBrowserContext _context;
    private readonly IPage _page;
    private readonly ConcurrentDictionary<string, IMediaListener> _listeners = new();
    private int _nextId;

    private MomoMediaPage(IBrowserContext context, IPage page)
    {
        _context = context;
        _page = page;
    }

    /// <summary>What a connection reports back: its ICE candidates and ICE connection state.</summary>
    public interface IMediaListener
    {
        void OnCandidate(string candidate, string sdpMid, int sdpMLineIndex);

        void OnIceConnectionState(string state);
    }

    public static async Task<MomoMediaPage> OpenAsync(IBrowser browser)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync();
        await context.RouteAsync(PageUrl, route => route.FulfillAsync(new() { ContentType = "text/html", Body = PageHtml }));
        var page = await context.NewPageAsync();
        var media = new MomoMediaPage(context, page);
        // Playwright exposes functions with a result only (for several arguments); the result means nothing.
        await page.ExposeFunctionAsync("momoCandidate", (Func<string, string, string, int, bool>)((id, candidate, sdpMid, index) =>
        {
            if (media._listeners.TryGetValue(id, out var listener))
            {
                listener.OnCandidate(candidate, sdpMid, index);
            }
            return true;
        }));
        await page.ExposeFunctionAsync("momoIceState", (Func<string, string, bool>)((id, state) =>
        {
            if (media._listeners.TryGetValue(id, out var listener))
            {
                listener.OnIceConnectionState(state);
            }
            return true;
        }));
        await page.GotoAsync(PageUrl);
        return media;
    }

    /// <summary>A new PeerConnection with the camera track; returns its id.</summary>
    /// <param name="iceServersJson">An RTCIceServer array (from Ayame's <c>accept</c>), or <c>[]</c> (Momo with <c>--no-google-stun</c>).</param>
    /// <param name="sendOnly">Momo's <c>--direction sendonly</c>.</param>
    public async Task<string> CreateConnectionAsync(IMediaListener listener, string iceServersJson, bool sendOnly)
    {
        var id = $"pc{Interlocked.Increment(ref _nextId)}";
        _listeners[id] = listener;
        await _page.EvaluateAsync("([id, iceServers, sendOnly]) => window.momo.create(id, iceServers, sendOnly)", new object[] { id, iceServersJson, sendOnly });
        return id;
    }

    public Task<string> AnswerAsync(string id, string offerSdp) =>
        _page.EvaluateAsync<string>("([id, sdp]) => window.momo.answer(id, sdp)", new[] { id, offerSdp });

    public Task<string> OfferAsync(string id) => _page.EvaluateAsync<string>("id => window.momo.offer(id)", id);

    public Task AcceptAnswerAsync(string id, string answerSdp) =>
        _page.EvaluateAsync("([id, sdp]) => window.momo.accept(id, sdp)", new[] { id, answerSdp });

    public Task AddCandidateAsync(string id, string candidate, string sdpMid, int sdpMLineIndex) =>
        _page.EvaluateAsync("([id, c, mid, index]) => window.momo.candidate(id, c, mid, index)", new object[] { id, candidate, sdpMid, sdpMLineIndex });

    public async Task CloseConnectionAsync(string id)
    {
        _listeners.TryRemove(id, out _);
        await _page.EvaluateAsync("id => window.momo.close(id)", id);
    }

    /// <summary>Open PeerConnections (Momo p2p mode has one per WebSocket session with an offer).</summary>
    public Task<int> ConnectionCountAsync() => _page.EvaluateAsync<int>("() => window.momo.count()");

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
