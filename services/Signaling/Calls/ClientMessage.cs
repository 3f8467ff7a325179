using System.Text.Json;
using Hiroba.Contracts.Rooms;

namespace Hiroba.Signaling.Calls;

public enum ClientMessageType
{
    Join,
    Offer,
    Answer,
    Candidate,
    Pong,
    Leave,
}

/// <summary>A client message on <c>/ws/signaling</c>, read without building a DOM; only routing fields are kept.</summary>
public readonly record struct ClientMessage(ClientMessageType Type, string? To, string? Room, string? Name, string? Key)
{
    public const int MaxNameLength = 64;
    public const int MaxKeyLength = 128;
    public const int MaxPeerIdLength = 64;

    /// <summary>Validates the whole message (it must be one JSON object) and the fields its type needs.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out ClientMessage message, out string error)
    {
        message = default;
        string? type = null, to = null, room = null, name = null, key = null;
        bool hasSdp = false, hasCandidate = false;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "A message is a JSON object.";
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8)) type = ReadString(ref reader, "type");
                else if (reader.ValueTextEquals("to"u8)) to = ReadString(ref reader, "to");
                else if (reader.ValueTextEquals("room"u8)) room = ReadString(ref reader, "room");
                else if (reader.ValueTextEquals("name"u8)) name = ReadString(ref reader, "name");
                else if (reader.ValueTextEquals("key"u8)) key = ReadString(ref reader, "key");
                else if (reader.ValueTextEquals("sdp"u8)) hasSdp = ReadString(ref reader, "sdp") is not null;
                else if (reader.ValueTextEquals("candidate"u8)) hasCandidate = ReadCandidate(ref reader);
                else if (reader.ValueTextEquals("from"u8)) throw new FormatException("'from' is set by the server.");
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            // Reading on to the end proves nothing follows the object.
            while (reader.Read())
            {
            }
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            error = exception is FormatException ? exception.Message : $"Not valid JSON: {exception.Message}";
            return false;
        }

        error = "";
        ClientMessageType? parsed = type switch
        {
            "join" => ClientMessageType.Join,
            "offer" => ClientMessageType.Offer,
            "answer" => ClientMessageType.Answer,
            "candidate" => ClientMessageType.Candidate,
            "pong" => ClientMessageType.Pong,
            "leave" => ClientMessageType.Leave,
            _ => null,
        };
        if (parsed is not { } messageType)
        {
            error = type is null ? "The message has no 'type'." : $"Unknown message type '{Truncate(type)}'.";
            return false;
        }
        error = messageType switch
        {
            ClientMessageType.Join when !RoomIds.IsValid(room) => $"'room' must have {RoomIds.Description}.",
            ClientMessageType.Join when !IsValidName(name) => $"'name' must have 1-{MaxNameLength} characters without control characters.",
            ClientMessageType.Join when key is { Length: > MaxKeyLength } => $"'key' is longer than {MaxKeyLength} characters.",
            ClientMessageType.Offer or ClientMessageType.Answer or ClientMessageType.Candidate when string.IsNullOrEmpty(to) => $"'{type}' needs 'to' (a peer id).",
            ClientMessageType.Offer or ClientMessageType.Answer or ClientMessageType.Candidate when to!.Length > MaxPeerIdLength => $"'to' is longer than {MaxPeerIdLength} characters.",
            ClientMessageType.Offer or ClientMessageType.Answer when !hasSdp => $"'{type}' needs 'sdp' (a string).",
            ClientMessageType.Candidate when !hasCandidate => "'candidate' needs 'candidate' (an object, or null for the end of candidates).",
            _ => "",
        };
        if (error.Length > 0)
        {
            return false;
        }
        message = new ClientMessage(messageType, to, room, name?.Trim(), key);
        return true;
    }

    private static bool IsValidName(string? name) =>
        name?.Trim() is { Length: > 0 and <= MaxNameLength } trimmed && !trimmed.Any(char.IsControl);

    private static string? ReadString(ref Utf8JsonReader reader, string property)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new FormatException($"'{property}' must be a string."),
        };
    }

    private static bool ReadCandidate(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.Null))
        {
            throw new FormatException("'candidate' must be an object or null.");
        }
        reader.Skip();
        return true;
    }

    private static string Truncate(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
