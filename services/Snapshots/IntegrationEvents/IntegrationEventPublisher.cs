using System.Threading.Channels;
using Hiroba.Contracts.Snapshots;
using Hiroba.EventBus.Abstractions;
using Hiroba.Snapshots.Images;
using Hiroba.Snapshots.Wall;

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
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly Channel<IntegrationEvent> _queue = Channel.CreateBounded<IntegrationEvent>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _dropped;

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
        for (var delay = FirstRetryDelay; ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks)))
        {
            try
            {
                await eventBus.PublishAsync(@event, stoppingToken);
                return;
            }
            catch (EventBusPublishException exception) when (@event is GuestRemovedIntegrationEvent)
            {
                LogPublishRetried(logger, exception, exception.Topic, delay);
            }
            catch (EventBusPublishException exception)
            {
                LogPublishFailed(logger, exception, exception.Topic);
                return;
            }
            await Task.Delay(delay, timeProvider, stoppingToken);
        }
    }

    [LoggerMessage(LogLevel.Warning, "The integration event queue is full; {Dropped} events dropped so far")]
    private static partial void LogDropped(ILogger logger, long dropped);

    [LoggerMessage(LogLevel.Warning, "Could not publish {Topic}; dropped")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(LogLevel.Warning, "Could not publish {Topic}; trying again in {Delay}")]
    private static partial void LogPublishRetried(ILogger logger, Exception exception, string topic, TimeSpan delay);
}
