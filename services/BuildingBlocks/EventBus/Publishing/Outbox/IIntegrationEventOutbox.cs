namespace Hiroba.EventBus.Publishing.Outbox;

/// <summary>
/// A service's outbox table, as the <see cref="OutboxRelay"/> reads it: events stored with the changes they announce,
/// numbered in the order they were stored.
/// </summary>
public interface IIntegrationEventOutbox
{
    /// <summary>The oldest events not yet sent that were stored after <paramref name="after"/>, oldest first.</summary>
    Task<IReadOnlyList<IOutboxEntry>> ReadPendingAsync(long after, int limit, CancellationToken cancellationToken);

    /// <summary>Marks every pending event up to and including <paramref name="sequence"/> as sent.</summary>
    Task MarkSentAsync(long sequence, CancellationToken cancellationToken);

    /// <returns>How many sent events older than <paramref name="sentBefore"/> were deleted.</returns>
    Task<int> PruneSentAsync(DateTimeOffset sentBefore, CancellationToken cancellationToken);
}
