using System.Text.Json;
using Microsoft.Playwright;

namespace Hiroba.TestSupport;

/// <summary>A page init script for tests that read WebRTC stats of a page's own code.</summary>
public static class PeerConnectionRecorder
{
    /// <summary>
    /// Keeps every RTCPeerConnection the page creates in <c>window.peerConnections</c> so getStats can be read, and,
    /// when <c>window.forceRelay</c> is set, forces ICE through TURN.
    /// </summary>
    public const string Script = """
        (() => {
          const Native = window.RTCPeerConnection;
          window.peerConnections = [];
          window.RTCPeerConnection = class extends Native {
            constructor(config) {
              super(window.forceRelay ? { ...config, iceTransportPolicy: 'relay' } : config);
              window.peerConnections.push(this);
            }
          };
        })();
        """;

    /// <summary>
    /// The local and remote candidate types (<c>local</c>, <c>remote</c>) and addresses (<c>localAddress</c>,
    /// <c>remoteAddress</c>; a relay candidate's is its TURN server's relay address) of each open connection's selected
    /// pair, once every connection has one (the transport names it; while ICE settles, the nominated succeeded pair stands in).
    /// </summary>
    public static async Task<JsonElement> SelectedCandidatePairsAsync(IPage page)
    {
        return await PagePolling.UntilValueAsync(page,
            """
            async () => {
              const pairs = await Promise.all(window.peerConnections.filter(pc => pc.connectionState !== 'closed').map(async pc => {
                const stats = await pc.getStats();
                let pair;
                stats.forEach(report => {
                  if (report.type === 'transport' && report.selectedCandidatePairId) pair = stats.get(report.selectedCandidatePairId);
                });
                stats.forEach(report => {
                  if (!pair && report.type === 'candidate-pair' && report.nominated && report.state === 'succeeded') pair = report;
                });
                if (!pair) return null;
                const [local, remote] = [stats.get(pair.localCandidateId), stats.get(pair.remoteCandidateId)];
                return { local: local.candidateType, remote: remote.candidateType, localAddress: local.address, remoteAddress: remote.address };
              }));
              return pairs.length > 0 && pairs.every(pair => pair) ? pairs : null;
            }
            """, null, "every connection has a selected candidate pair");
    }
}
