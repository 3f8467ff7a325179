using System.Threading.Channels;
using Hiroba.Contracts.Snapshots;
using Hiroba.EventBus.Abstractions;
using Hiroba.Resilience;
using Hiroba.Snapshots.Images;
using Hiroba.Snapshots.Wall;
using Polly;
using Polly.Retry;

namespace Hiroba.Snapshots.IntegrationEvents;

/// <summary>
/// Publishes the wall's integration events off the request path: uploads and removals queue them and answer at once, a
/// few publishers drain the queue. <c>snapshots.snapshot-ingested</c> is informational (activity), so when the broker is
/// away long enough for the queue to fill, further events are dropped and counted in the log rather than slowing
/// uploads. <c>snapshots.guest-removed</c> is retried until the broker takes it: without it Rooms would count a removed
/// guest for good. Either may overtake the other; Rooms does not mind (see docs/rooms.md).
/// </summary>
public sealed partial class IntegrationEventPublisher(IEventBus eventBus, TimeProvider timeProvider, ILogger<IntegrationEventPublisher> logger)
    : BackgroundService
{
    private const int QueueCapacity = 10_000;
    private const int Publishers = 4;
    private static readonly ExponentialBackoff RetryBackoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), Jitter: true);

    private readonly Channel<IntegrationEvent> _queue = Channel.CreateBounded<IntegrationEvent>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _dropped;

    /// <summary>Publishes a guest removal again until the broker takes it; shutdown stops it (the event is lost then).</summary>
    private readonly ResiliencePipeline _untilPublished = RetryBackoff.RetryUntilStopped(timeProvider, retry => OnRetry(logger, retry));

    public void SnapshotIngested(string roomId, StoredSnapshot snapshot) => Enqueue(
        new SnapshotIngestedIntegrationEvent(
            roomId, snapshot.GuestId, snapshot.Id, snapshot.Format.ContentType(), snapshot.Size, snapshot.Width, snapshot.Height, snapshot.TakenAt)
        {
            OccurredAt = snapshot.TakenAt,
        });

    public void GuestRemoved(string roomId, string guestId, DateTimeOffset removedAt) =>
        Enqueue(new GuestRemovedIntegrationEvent(roomId, guestId, removedAt) { OccurredAt = removedAt });

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Publishers).Select(_ => PublishLoopAsync(stoppingToken)));

    private void Enqueue(IntegrationEvent @event)
    {
        if (!_queue.Writer.TryWrite(@event) && Interlocked.Increment(ref _dropped) % 1000 == 1)
        {
            LogDropped(logger, Interlocked.Read(ref _dropped));
        }
    }

    private async Task PublishLoopAsync(CancellationToken stoppingToken)
    {
        await foreach (var @event in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await PublishAsync(@event, stoppingToken);
        }
    }

    private async Task PublishAsync(IntegrationEvent @event, CancellationToken stoppingToken)
    {
        try
        {
            if (@event is GuestRemovedIntegrationEvent)
            {
                await _untilPublished.ExecuteAsync(
                    static (state, cancellationToken) => new ValueTask(state.eventBus.PublishAsync(state.@event, cancellationToken)),
                    (eventBus, @event), stoppingToken);
            }
            else
            {
                await eventBus.PublishAsync(@event, stoppingToken);
            }
        }
        catch (EventBusPublishException exception)
        {
            LogPublishFailed(logger, exception, exception.Topic);
        }
    }

    private static ValueTask OnRetry(ILogger logger, OnRetryArguments<object> retry)
    {
        LogPublishRetried(logger, retry.Outcome.Exception, Topics.Of<GuestRemovedIntegrationEvent>(), retry.RetryDelay);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(LogLevel.Warning, "The integration event queue is full; {Dropped} events dropped so far")]
    private static partial void LogDropped(ILogger logger, long dropped);

    [LoggerMessage(LogLevel.Warning, "Could not publish {Topic}; dropped")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(LogLevel.Warning, "Could not publish {Topic}; trying again in {Delay}")]
    private static partial void LogPublishRetried(ILogger logger, Exception? exception, string topic, TimeSpan delay);
}
