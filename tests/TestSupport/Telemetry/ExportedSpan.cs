namespace Hiroba.TestSupport.Telemetry;

/// <summary>One span as a service exported it over OTLP: ids as lowercase hex, the parent null for a root.</summary>
public sealed record ExportedSpan(
    string Service, string Scope, string TraceId, string SpanId, string? ParentSpanId, string Name, SpanKind Kind,
    IReadOnlyDictionary<string, string> Attributes)
{
    public override string ToString() => $"{Service} {Scope} '{Name}' {Kind} {TraceId}/{SpanId} parent {ParentSpanId ?? "none"}";
}

/// <summary>OTLP's span kinds (opentelemetry/proto/trace/v1/trace.proto).</summary>
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}
