using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hiroba.EventBus.CloudEvents;

/// <summary>
/// Reads an optional attribute that only informs (the trace context): a value of any other JSON type is skipped and
/// reads as null, so it cannot make an otherwise good event a rejected one.
/// </summary>
internal sealed class StringOrNoneConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }
        reader.Skip();
        return null;
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
