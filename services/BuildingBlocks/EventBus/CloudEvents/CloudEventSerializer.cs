using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.Telemetry;

namespace Hiroba.EventBus.CloudEvents;

/// <summary>Writes and reads the one envelope both transports carry, byte for byte the same.</summary>
public static class CloudEventSerializer
{
    public const string TypePrefix = "com.hiroba.";

    /// <summary>Options for the <c>data</c> member: the web defaults, so browsers read camelCase.</summary>
    public static JsonSerializerOptions DataOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <param name="traceContext">The span the event continues in its consumers (the publish span); default for none.</param>
    public static byte[] Serialize(IntegrationEvent @event, string source, string pubSubName, ActivityContext traceContext = default)
    {
        var envelope = new CloudEvent
        {
            SpecVersion = "1.0",
            Id = @event.Id.ToString(),
            Source = source,
            Type = TypePrefix + Topics.Of(@event.GetType()),
            Time = @event.OccurredAt,
            DataContentType = "application/json",
            Topic = Topics.Of(@event),
            PubSubName = pubSubName,
            TraceParent = TraceContextFormat.FormatTraceParent(traceContext),
            TraceState = TraceContextFormat.FormatTraceState(traceContext),
            Data = JsonSerializer.SerializeToElement(@event, @event.GetType(), DataOptions),
        };
        return JsonSerializer.SerializeToUtf8Bytes(envelope);
    }

    public static bool TryParse(ReadOnlySpan<byte> json, [NotNullWhen(true)] out CloudEvent? envelope, [NotNullWhen(false)] out string? error)
    {
        envelope = null;
        try
        {
            envelope = JsonSerializer.Deserialize<CloudEvent>(json);
        }
        catch (JsonException exception)
        {
            error = $"not a CloudEvent: {exception.Message}";
            return false;
        }
        error = envelope switch
        {
            null => "the body is JSON null",
            { SpecVersion: not "1.0" } => $"unsupported specversion '{envelope.SpecVersion}'",
            _ when string.IsNullOrWhiteSpace(envelope.Id) || string.IsNullOrWhiteSpace(envelope.Source) => "id and source must not be empty",
            _ when !Guid.TryParse(envelope.Id, out _) => $"id '{envelope.Id}' is not a UUID",
            { Data: null } => "the event has no data",
            _ => null,
        };
        return error is null;
    }

    /// <summary>Reads <c>data</c> as <paramref name="eventType"/>, restoring the id and time from the envelope.</summary>
    public static IntegrationEvent ReadEvent(CloudEvent envelope, Type eventType)
    {
        var @event = (IntegrationEvent?)envelope.Data!.Value.Deserialize(eventType, DataOptions)
            ?? throw new JsonException("data is JSON null");
        return @event with
        {
            Id = Guid.Parse(envelope.Id),
            OccurredAt = envelope.Time ?? @event.OccurredAt,
        };
    }
}
