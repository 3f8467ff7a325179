using System.Threading.Channels;
using Hiroba.Contracts.Snapshots;
using Hiroba.EventBus.Abstractions;
using Hiroba.Snapshots.Images;
using Hiroba.Snapshots.Wall;

namespace Hiroba.Snapshots.IntegrationEvents;

/// <summary>
/// Publishes <c>snapshots.snapshot-ingested</c> off the upload path: uploads queue the metadata and answer at once, a
/// few publishers drain the queue. The event is informational (activity), so when the broker is away long enough for
/// the queue to fill, further events are dropped and counted in the log rather than slowing uploads.
/// </summary>
public sealed partial class SnapshotIngestedPublisher(IEventBus eventBus, ILogger<SnapshotIngestedPublisher> logger) : BackgroundService
{
    private const int QueueCapacity = 10_000;
    private const int Publishers = 4;

    private readonly Channel<SnapshotIngestedIntegrationEvent> _queue = Channel.CreateBounded<SnapshotIngestedIntegrationEvent>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _dropped;

    public void Enqueue(string roomId, StoredSnapshot snapshot)
    {
        var @event = new SnapshotIngestedIntegrationEvent(
            roomId, snapshot.GuestId, snapshot.Id, snapshot.Format.ContentType(), snapshot.Size, snapshot.Width, snapshot.Height, snapshot.TakenAt)
        {
            OccurredAt = snapshot.TakenAt,
        };
        if (!_queue.Writer.TryWrite(@event) && Interlocked.Increment(ref _dropped) % 1000 == 1)
        {
            LogDropped(logger, Interlocked.Read(ref _dropped));
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Publishers).Select(_ => PublishLoopAsync(stoppingToken)));

    private async Task PublishLoopAsync(CancellationToken stoppingToken)
    {
        await foreach (var @event in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await eventBus.PublishAsync(@event, stoppingToken);
            }
            catch (EventBusPublishException exception)
            {
                LogPublishFailed(logger, exception, @event.SnapshotId);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "The snapshot-ingested queue is full; {Dropped} events dropped so far")]
    private static partial void LogDropped(ILogger logger, long dropped);

    [LoggerMessage(LogLevel.Warning, "Could not publish snapshots.snapshot-ingested for snapshot {SnapshotId}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string snapshotId);
}
