using System.Diagnostics;

namespace Hiroba.EventBus.Publishing.Outbox;

/// <summary>The relay's span per event: a child of the request that stored it, and the parent of its publish.</summary>
internal static class OutboxTelemetry
{
    public const string Name = "Hiroba.EventBus.Outbox";

    private static readonly ActivitySource Source = new(Name);

    public static Activity? StartRelay(IOutboxEntry entry)
    {
        var activity = Source.StartActivity($"relay {entry.Topic}", ActivityKind.Internal, entry.TraceContext);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.destination.name", entry.Topic);
            activity.SetTag("messaging.message.id", entry.EventId.ToString());
            activity.SetTag("hiroba.outbox.sequence", entry.Sequence);
        }
        return activity;
    }
}
