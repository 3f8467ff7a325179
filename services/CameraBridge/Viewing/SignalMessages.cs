using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hiroba.CameraBridge.Viewing;

/// <summary>
/// The messages the bridge writes, with the members in the order Momo writes them (compact JSON): to Momo and Signaling
/// in their protocols' shapes, to the browser in the same shapes plus <c>ready</c> and <c>end</c> (docs/cameras.md).
/// </summary>
public static class SignalMessages
{
    // Not embedded in HTML: escaping '+' and '<' in an SDP would only make the bytes differ from Momo's.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly byte[] Pong = """{"type":"pong"}"""u8.ToArray();

    /// <summary>Momo's p2p mode drops the PeerConnection on <c>close</c> (Momo's own page sends it on disconnect).</summary>
    public static readonly byte[] Close = """{"type":"close"}"""u8.ToArray();

    public static byte[] Offer(string sdp) => Description("offer", sdp);

    public static byte[] Answer(string sdp) => Description("answer", sdp);

    public static byte[] Candidate(IceCandidate ice) => Write(writer =>
    {
        ArgumentNullException.ThrowIfNull(ice);
        writer.WriteString("type", "candidate");
        writer.WriteStartObject("ice");
        writer.WriteString("candidate", ice.Candidate);
        writer.WriteNumber("sdpMLineIndex", ice.SdpMLineIndex);
        writer.WriteString("sdpMid", ice.SdpMid);
        writer.WriteEndObject();
    });

    /// <summary>Ayame's <c>register</c>; Momo's p2p mode also accepts it and then pings every 30 s.</summary>
    /// <param name="role">Hiroba's <c>authnMetadata.role</c>, e.g. <c>media-server</c> (docs/signaling-protocol.md).</param>
    public static byte[] Register(string roomId, string clientId, string? signalingKey = null, string? role = null) => Write(writer =>
    {
        writer.WriteString("type", "register");
        writer.WriteString("roomId", roomId);
        writer.WriteString("clientId", clientId);
        if (signalingKey is not null)
        {
            writer.WriteString("signalingKey", signalingKey);
        }
        if (role is not null)
        {
            writer.WriteStartObject("authnMetadata");
            writer.WriteString("role", role);
            writer.WriteEndObject();
        }
    });

    /// <summary>To the browser: the camera link is open, send the offer now; or, <paramref name="shared"/>, answer the offer that follows.</summary>
    /// <param name="iceServersJson">The ICE servers Signaling gave the Ayame room, when there are some.</param>
    public static byte[] Ready(string kind, string? iceServersJson, bool shared = false) => Write(writer =>
    {
        writer.WriteString("type", "ready");
        writer.WriteString("kind", kind);
        if (shared)
        {
            writer.WriteBoolean("shared", true);
        }
        if (iceServersJson is not null)
        {
            writer.WritePropertyName("iceServers");
            writer.WriteRawValue(iceServersJson);
        }
    });

    /// <summary>To the browser: the session ends (the bridge then closes the socket).</summary>
    public static byte[] End(EndReason reason) => Write(writer =>
    {
        writer.WriteString("type", "end");
        writer.WriteString("reason", EndReasons.Code(reason));
        writer.WriteString("message", EndReasons.Message(reason));
    });

    private static byte[] Description(string type, string sdp) => Write(writer =>
    {
        writer.WriteString("type", type);
        writer.WriteString("sdp", sdp);
    });

    private static byte[] Write(Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
