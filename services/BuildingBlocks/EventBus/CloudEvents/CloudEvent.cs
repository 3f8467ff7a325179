using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hiroba.EventBus.CloudEvents;

/// <summary>
/// A CloudEvents 1.0 envelope in structured JSON, shaped like the one the Dapr sidecar builds.
/// Unknown members (Dapr's trace fields, <c>expiration</c>) are kept, never rejected.
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

    [JsonPropertyName("data")]
    public JsonElement? Data { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; init; }
}
