using System.Threading.Channels;
using Hiroba.EventBus.Abstractions;

namespace Hiroba.Signaling.IntegrationEvents;

/// <summary>
/// Publishes this service's events in the background, in order, so joining and leaving never wait for the
/// broker. A publish that fails is retried until it succeeds or the service stops; if the broker stays away the
/// queue is bounded and the oldest events give way (Rooms' presence then lags until peers come and go again).
/// </summary>
public sealed partial class SignalingEventPublisher(IEventBus eventBus, TimeProvider timeProvider, ILogger<SignalingEventPublisher> logger)
    : BackgroundService
{
    private const int Capacity = 100_000;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Channel<IntegrationEvent> _queue = Channel.CreateBounded<IntegrationEvent>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    public void Enqueue(IntegrationEvent @event) => _queue.Writer.TryWrite(@event);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Peers still connected leave during shutdown; let their events go out before the bus stops.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var @event in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            while (true)
            {
                try
                {
                    await eventBus.PublishAsync(@event, stoppingToken);
                    break;
                }
                catch (EventBusPublishException exception)
                {
                    LogPublishFailed(logger, exception, exception.Topic);
                    await Task.Delay(RetryDelay, timeProvider, stoppingToken);
                }
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Publishing to {Topic} failed; retrying")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string topic);
}
