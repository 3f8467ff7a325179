using System.Diagnostics;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.Publishing.Outbox;

namespace Hiroba.EventBus.Tests;

/// <summary>An outbox kept in a list, standing in for a service's outbox table; it records what the relay marks sent.</summary>
public sealed class ListOutbox : IIntegrationEventOutbox
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private long _sentUpTo;

    public long SentUpTo
    {
        get
        {
            lock (_gate)
            {
                return _sentUpTo;
            }
        }
    }

    /// <returns>The sequence number the event was stored under.</returns>
    public long Add(IntegrationEvent @event)
    {
        lock (_gate)
        {
            _entries.Add(new Entry(_entries.Count + 1, @event));
            return _entries.Count;
        }
    }

    public Task<IReadOnlyList<IOutboxEntry>> ReadPendingAsync(long after, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<IOutboxEntry> pending = [.. _entries.Where(entry => entry.Sequence > Math.Max(after, _sentUpTo)).Take(limit)];
            return Task.FromResult(pending);
        }
    }

    public Task MarkSentAsync(long sequence, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _sentUpTo = Math.Max(_sentUpTo, sequence);
        }
        return Task.CompletedTask;
    }

    public Task<int> PruneSentAsync(DateTimeOffset sentBefore, CancellationToken cancellationToken) => Task.FromResult(0);

    private sealed record Entry(long Sequence, IntegrationEvent Event) : IOutboxEntry
    {
        public Guid EventId => Event.Id;

        public string Topic => Topics.Of(Event.GetType());

        public ActivityContext TraceContext => Event.TraceContext;

        public IntegrationEvent ToIntegrationEvent(ActivityContext traceContext) => Event with { TraceContext = traceContext };
    }
}
