using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hiroba.EventBus.CloudEvents;

/// <summary>
/// A CloudEvents 1.0 envelope in structured JSON, shaped like the one the Dapr sidecar builds.
/// Unknown members (Dapr's <c>traceid</c>, <c>expiration</c>) are kept, never rejected.
/// </summary>
public sealed record CloudEvent
{
    public const string MediaType = "application/cloudevents+json";

    [JsonPropertyName("specversion")]
    public required string SpecVersion { get; init; }

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("time")]
    public DateTimeOffset? Time { get; init; }

    [JsonPropertyName("datacontenttype")]
    public string? DataContentType { get; init; }

    [JsonPropertyName("topic")]
    public string? Topic { get; init; }

    [JsonPropertyName("pubsubname")]
    public string? PubSubName { get; init; }

    /// <summary>W3C trace context (the CloudEvents distributed-tracing extension, as Dapr writes it); not a string reads as none.</summary>
    [JsonPropertyName("traceparent")]
    [JsonConverter(typeof(StringOrNoneConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceParent { get; init; }

    [JsonPropertyName("tracestate")]
    [JsonConverter(typeof(StringOrNoneConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceState { get; init; }

    [JsonPropertyName("data")]
    public JsonElement? Data { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; init; }
}
