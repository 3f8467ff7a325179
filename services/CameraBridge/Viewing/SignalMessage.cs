using System.Text.Json;

namespace Hiroba.CameraBridge.Viewing;

/// <summary>
/// A message of Momo's p2p protocol or of Ayame's (the same shapes: protocols.md §1 and §2), read strictly: only the
/// members the bridge uses, each with its type checked. Unknown members are skipped.
/// </summary>
/// <param name="IceServersJson">An <c>accept</c>'s <c>iceServers</c> array, as received.</param>
public sealed record SignalMessage(string Type, string? Sdp, IceCandidate? Ice, bool? IsExistUser, string? Reason, string? IceServersJson)
{
    public const int MaxSdpLength = 60 * 1024;

    /// <returns>Null for anything but a JSON object with a string <c>type</c>.</returns>
    public static SignalMessage? TryRead(ReadOnlySpan<byte> json)
    {
        string? type = null, sdp = null, reason = null, iceServers = null;
        IceCandidate? ice = null;
        bool? isExistUser = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8)) type = ReadString(ref reader);
                else if (reader.ValueTextEquals("sdp"u8)) sdp = ReadString(ref reader);
                else if (reader.ValueTextEquals("reason"u8)) reason = ReadString(ref reader);
                else if (reader.ValueTextEquals("ice"u8)) ice = ReadCandidate(ref reader);
                else if (reader.ValueTextEquals("isExistUser"u8)) isExistUser = ReadBoolean(ref reader);
                else if (reader.ValueTextEquals("iceServers"u8)) iceServers = ReadRawArray(ref reader, json);
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            while (reader.Read())
            {
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return type is null ? null : new SignalMessage(type, sdp is { Length: <= MaxSdpLength } ? sdp : null, ice, isExistUser, reason, iceServers);
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }
        reader.Skip();
        return null;
    }

    private static bool? ReadBoolean(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => SkipTo<bool?>(ref reader, null),
        };
    }

    private static IceCandidate? ReadCandidate(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return SkipTo<IceCandidate?>(ref reader, null);
        }
        string? candidate = null, sdpMid = null;
        int? sdpMLineIndex = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("candidate"u8)) candidate = ReadString(ref reader);
            else if (reader.ValueTextEquals("sdpMid"u8)) sdpMid = ReadString(ref reader);
            else if (reader.ValueTextEquals("sdpMLineIndex"u8))
            {
                reader.Read();
                sdpMLineIndex = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index) ? index : SkipTo<int?>(ref reader, null);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return IceCandidate.TryCreate(candidate, sdpMid, sdpMLineIndex);
    }

    private static string? ReadRawArray(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return SkipTo<string?>(ref reader, null);
        }
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return System.Text.Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
    }

    private static T SkipTo<T>(ref Utf8JsonReader reader, T value)
    {
        reader.Skip();
        return value;
    }
}
