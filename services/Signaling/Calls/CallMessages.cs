using System.Text.Json;
using System.Text.Json.Serialization;
using Hiroba.Turn;

namespace Hiroba.Signaling.Calls;

/// <summary>What the server sends on <c>/ws/signaling</c>, besides relayed offers, answers and candidates.</summary>
public static class CallMessages
{
    public static readonly byte[] Ping = """{"type":"ping"}"""u8.ToArray();

    public static byte[] Welcome(string peerId, string room, IEnumerable<CallPeer> peers, IReadOnlyList<IceServer> iceServers) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new WelcomeMessage(peerId, room, peers.Select(peer => new PeerInfo(peer.Id, peer.Name)).ToArray(), iceServers),
            CallJsonContext.Default.WelcomeMessage);

    public static byte[] PeerJoined(CallPeer peer) =>
        JsonSerializer.SerializeToUtf8Bytes(new PeerJoinedMessage(peer.Id, peer.Name), CallJsonContext.Default.PeerJoinedMessage);

    public static byte[] PeerLeft(CallPeer peer) =>
        JsonSerializer.SerializeToUtf8Bytes(new PeerLeftMessage(peer.Id), CallJsonContext.Default.PeerLeftMessage);

    public static byte[] Error(string code, string message) =>
        JsonSerializer.SerializeToUtf8Bytes(new ErrorMessage(code, message), CallJsonContext.Default.ErrorMessage);
}

public sealed record PeerInfo(string PeerId, string Name);

public sealed record WelcomeMessage(string PeerId, string Room, IReadOnlyList<PeerInfo> Peers, IReadOnlyList<IceServer> IceServers)
{
    [JsonPropertyOrder(-1)]
    public string Type => "welcome";
}

public sealed record PeerJoinedMessage(string PeerId, string Name)
{
    [JsonPropertyOrder(-1)]
    public string Type => "peer-joined";
}

public sealed record PeerLeftMessage(string PeerId)
{
    [JsonPropertyOrder(-1)]
    public string Type => "peer-left";
}

public sealed record ErrorMessage(string Code, string Message)
{
    [JsonPropertyOrder(-1)]
    public string Type => "error";
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WelcomeMessage))]
[JsonSerializable(typeof(PeerJoinedMessage))]
[JsonSerializable(typeof(PeerLeftMessage))]
[JsonSerializable(typeof(ErrorMessage))]
internal sealed partial class CallJsonContext : JsonSerializerContext;
