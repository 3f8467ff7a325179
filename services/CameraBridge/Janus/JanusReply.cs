using System.Text.Json;

namespace Hiroba.CameraBridge.Janus;

/// <summary>One message from Janus, an answer or an event, read from its JSON envelope.</summary>
/// <param name="Data">A <c>success</c>'s <c>data</c>, or the plugin's <c>plugindata.data</c>.</param>
/// <param name="Error">Janus's <c>error</c>, or the plugin's <c>error_code</c> and <c>error</c>.</param>
internal sealed record JanusReply(
    string Janus, string? Transaction, long? Sender, JsonElement? Data, Jsep? Jsep, string? Reason, JanusException? Error)
{
    public JanusEvent ToEvent() => new(Janus, Data, Jsep, Reason);

    /// <summary>This reply, or its error thrown.</summary>
    public JanusReply OrThrow() => Error is null ? this : throw Error;

    public static JanusReply Read(JsonElement message)
    {
        var janus = String(message, "janus") ?? "";
        JsonElement? data = message.TryGetProperty("plugindata", out var plugin) && plugin.TryGetProperty("data", out var pluginData)
            ? pluginData.Clone()
            : message.TryGetProperty("data", out var own) ? own.Clone() : null;
        var jsep = message.TryGetProperty("jsep", out var description) && String(description, "type") is { } type && String(description, "sdp") is { } sdp
            ? new Jsep(type, sdp)
            : null;
        return new JanusReply(
            janus, String(message, "transaction"),
            message.TryGetProperty("sender", out var sender) && sender.TryGetInt64(out var id) ? id : null,
            data, jsep, String(message, "reason"), ErrorOf(janus, message, data));
    }

    private static JanusException? ErrorOf(string janus, JsonElement message, JsonElement? data)
    {
        if (janus == "error")
        {
            return message.TryGetProperty("error", out var error)
                ? new JanusException(Int(error, "code") ?? 0, String(error, "reason") ?? "error")
                : new JanusException(0, "error");
        }
        if (janus.Length == 0)
        {
            return new JanusException(JanusException.Unreachable, "an answer that is not Janus's");
        }
        return data is { ValueKind: JsonValueKind.Object } answer && Int(answer, "error_code") is { } code
            ? new JanusException(code, String(answer, "error") ?? "plugin error")
            : null;
    }

    private static string? String(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}
