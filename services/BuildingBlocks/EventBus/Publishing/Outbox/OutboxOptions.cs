using System.ComponentModel.DataAnnotations;

namespace Hiroba.EventBus.Publishing.Outbox;

/// <summary>How the <see cref="OutboxRelay"/> moves stored events to the event bus; the service binds the section
/// (Feed: <c>Feed:Outbox</c>).</summary>
public sealed record OutboxOptions
{
    /// <summary>Events read and published per round.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; init; } = 200;

    /// <summary>The wait after the first failed publish; it doubles per failure up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long sent events stay in the outbox (for inspection) before they are pruned.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan SentRetention { get; init; } = TimeSpan.FromDays(1);
}
