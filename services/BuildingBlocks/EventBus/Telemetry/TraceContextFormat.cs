using System.Diagnostics;

namespace Hiroba.EventBus.Telemetry;

/// <summary>
/// W3C trace context as the CloudEvents distributed-tracing extension (and the Dapr sidecar) carry it: the
/// <c>traceparent</c> and <c>tracestate</c> attributes. Reading is strict and bounded: anything malformed means no parent.
/// </summary>
public static class TraceContextFormat
{
    /// <summary>"00-" + 32 hex + "-" + 16 hex + "-" + 2 hex: version 00 is the only one written, and the longest read.</summary>
    public const int TraceParentLength = 55;

    /// <summary>W3C's limit for what a vendor must propagate; a longer tracestate is dropped, the traceparent kept.</summary>
    public const int MaxTraceStateLength = 512;

    public static string? FormatTraceParent(ActivityContext context) =>
        context == default
            ? null
            : $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{(context.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? "01" : "00")}";

    public static string? FormatTraceState(ActivityContext context) =>
        string.IsNullOrEmpty(context.TraceState) || context.TraceState.Length > MaxTraceStateLength ? null : context.TraceState;

    /// <returns>False (and a default context) for a missing or malformed traceparent.</returns>
    public static bool TryParse(string? traceParent, string? traceState, out ActivityContext context)
    {
        context = default;
        if (traceParent is not { Length: TraceParentLength } || !traceParent.StartsWith("00-", StringComparison.Ordinal))
        {
            return false;
        }
        var state = traceState is { Length: > 0 and <= MaxTraceStateLength } ? traceState : null;
        return ActivityContext.TryParse(traceParent, state, isRemote: true, out context)
            && context.TraceId != default && context.SpanId != default;
    }
}
