using System.Text.Json;

namespace Hiroba.Signaling.Ayame;

public enum AyameMessageType
{
    Register,
    Offer,
    Answer,
    Candidate,
    Pong,
    Connected,
    Unknown,
}

/// <summary>A client message on <c>/signaling</c>; relayed ones are forwarded as the exact bytes received.</summary>
/// <param name="AsMediaServer">
/// A register with <c>"authnMetadata":{"role":"media-server"}</c>: the camera bridge publishing a camera into Janus,
/// which must be the first peer so that Momo, admitted second, makes the offer (<see cref="AyameRoom.TryRegister"/>).
/// </param>
public readonly record struct AyameClientMessage(
    AyameMessageType Type, string? RoomId, string? ClientId, string? SignalingKey, bool AsMediaServer = false)
{
    public const int MaxClientIdLength = 256;
    public const string MediaServerRole = "media-server";

    /// <returns>False for invalid JSON or anything but an object (Ayame's InvalidJSON / UnexpectedJSON).</returns>
    public static bool TryRead(ReadOnlySpan<byte> json, out AyameClientMessage message, out string error)
    {
        message = default;
        string? type = null, roomId = null, clientId = null, key = null, signalingKey = null, role = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 32 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "UnexpectedJSON: a message is a JSON object";
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8)) type = ReadString(ref reader);
                else if (reader.ValueTextEquals("roomId"u8)) roomId = ReadString(ref reader);
                else if (reader.ValueTextEquals("clientId"u8)) clientId = ReadString(ref reader);
                else if (reader.ValueTextEquals("key"u8)) key = ReadString(ref reader);
                else if (reader.ValueTextEquals("signalingKey"u8)) signalingKey = ReadString(ref reader);
                else if (reader.ValueTextEquals("authnMetadata"u8)) role = ReadRole(ref reader);
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
        catch (JsonException exception)
        {
            error = $"InvalidJSON: {exception.Message}";
            return false;
        }

        var messageType = type switch
        {
            "register" => AyameMessageType.Register,
            "offer" => AyameMessageType.Offer,
            "answer" => AyameMessageType.Answer,
            "candidate" => AyameMessageType.Candidate,
            "pong" => AyameMessageType.Pong,
            "connected" => AyameMessageType.Connected,
            _ => AyameMessageType.Unknown,
        };
        // signalingKey wins over the legacy key (Momo sends key).
        message = new AyameClientMessage(messageType, roomId, clientId, signalingKey ?? key, role == MediaServerRole);
        error = messageType == AyameMessageType.Unknown ? $"InvalidMessageType: '{type}'" : "";
        return true;
    }

    /// <summary>The string <c>role</c> of an <c>authnMetadata</c> object; anything else in it, or another shape, is skipped.</summary>
    private static string? ReadRole(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        string? role = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("role"u8))
            {
                role = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return role;
    }

    /// <summary>A non-string value counts as absent, so a register without a string roomId is refused.</summary>
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
}
