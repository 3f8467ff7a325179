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
}
