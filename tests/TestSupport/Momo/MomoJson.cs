using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hiroba.TestSupport.Momo;

/// <summary>
/// The JSON an emulated Momo writes, member for member in the order Momo's <c>boost::json</c> objects have them, and
/// how it reads what arrives (only what Momo reads).
/// </summary>
public static class MomoJson
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(params (string Name, JsonNode? Value)[] members)
    {
        var message = new JsonObject();
        foreach (var (name, value) in members)
        {
            message[name] = value;
        }
        return message.ToJsonString(Compact);
    }

    public static string Description(string type, string sdp) => Write(("type", type), ("sdp", sdp));

    /// <summary>Momo's candidate: <c>{"type":"candidate","ice":{"candidate","sdpMLineIndex","sdpMid"}}</c> (p2p and Ayame alike).</summary>
    public static string Candidate(string candidate, string sdpMid, int sdpMLineIndex) => Write(
        ("type", "candidate"),
        ("ice", new JsonObject { ["candidate"] = candidate, ["sdpMLineIndex"] = sdpMLineIndex, ["sdpMid"] = sdpMid }));

    /// <returns>The parsed message, or null for text that is not JSON (Momo's p2p mode ignores it).</returns>
    public static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// What Momo reads with <c>.at(name).as_string()</c>: a missing member or another type throws inside Momo, which
    /// ends its read loop (Ayame mode) or the process; the emulators report it as a protocol violation.
    /// </summary>
    public static string RequiredString(JsonNode? node, string name) =>
        node is JsonObject message && message[name] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new MomoProtocolViolationException($"'{name}' is missing or not a string in {node?.ToJsonString()}");

    /// <summary>What Momo reads with <c>.at(name).to_number&lt;int&gt;()</c>.</summary>
    public static int RequiredInt(JsonNode? node, string name) =>
        node is JsonObject message && message[name] is JsonValue value && value.TryGetValue<int>(out var number)
            ? number
            : throw new MomoProtocolViolationException($"'{name}' is missing or not a number in {node?.ToJsonString()}");

    /// <summary>A candidate's <c>ice</c> as Momo reads it: all three members, or a violation.</summary>
    public static (string Candidate, string SdpMid, int SdpMLineIndex) RequiredCandidate(JsonNode? message)
    {
        var ice = message is JsonObject fields ? fields["ice"] : null;
        return (RequiredString(ice, "candidate"), RequiredString(ice, "sdpMid"), RequiredInt(ice, "sdpMLineIndex"));
    }
}

/// <summary>A message real Momo would fail on (an uncaught exception in its read handler).</summary>
public sealed class MomoProtocolViolationException(string message) : Exception(message);
