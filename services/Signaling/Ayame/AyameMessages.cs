using System.Text.Json;
using System.Text.Json.Serialization;
using Hiroba.Turn;

namespace Hiroba.Signaling.Ayame;

/// <summary>What the Ayame-compatible endpoint sends (ayame <c>ws_messages.go</c>).</summary>
public static class AyameMessages
{
    public static readonly byte[] Ping = """{"type":"ping"}"""u8.ToArray();
    public static readonly byte[] Bye = """{"type":"bye"}"""u8.ToArray();

    public static byte[] Accept(string connectionId, bool isExistClient, IReadOnlyList<IceServer> iceServers) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new AcceptMessage(connectionId, isExistClient, isExistClient, iceServers), AyameJsonContext.Default.AcceptMessage);

    public static byte[] Reject(string reason) =>
        JsonSerializer.SerializeToUtf8Bytes(new RejectMessage(reason), AyameJsonContext.Default.RejectMessage);
}

/// <param name="IsExistUser">Always equal to <paramref name="IsExistClient"/>; Momo and the web SDK read this one.</param>
public sealed record AcceptMessage(string ConnectionId, bool IsExistClient, bool IsExistUser, IReadOnlyList<IceServer> IceServers)
{
    [JsonPropertyOrder(-1)]
    public string Type => "accept";
}

public sealed record RejectMessage(string Reason)
{
    [JsonPropertyOrder(-1)]
    public string Type => "reject";
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AcceptMessage))]
[JsonSerializable(typeof(RejectMessage))]
internal sealed partial class AyameJsonContext : JsonSerializerContext;
