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
public readonly record struct AyameClientMessage(AyameMessageType Type, string? RoomId, string? ClientId, string? SignalingKey)
{
    public const int MaxClientIdLength = 256;

    /// <returns>False for invalid JSON or anything but an object (Ayame's InvalidJSON / UnexpectedJSON).</returns>
    public static bool TryRead(ReadOnlySpan<byte> json, out AyameClientMessage message, out string error)
    {
        message = default;
        string? type = null, roomId = null, clientId = null, key = null, signalingKey = null;
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
        message = new AyameClientMessage(messageType, roomId, clientId, signalingKey ?? key);
        error = messageType == AyameMessageType.Unknown ? $"InvalidMessageType: '{type}'" : "";
        return true;
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
