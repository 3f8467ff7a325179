using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Hiroba.EventBus.Abstractions;
using Hiroba.Resilience;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Hiroba.EventBus.Publishing;

/// <summary>
/// The publisher of <see cref="BestEffortDelivery"/>: a bounded queue in memory and background publishers that hand
/// each event to <see cref="IEventBus.PublishAsync"/>. It is registered after the transport, so it stops first: what is
/// still queued at the stop (and the event a retry was waiting with) gets one attempt while the host's shutdown allows.
/// </summary>
internal sealed partial class QueuedEventPublisher : BackgroundService, IIntegrationEventPublisher
{
    public const string MeterName = "Hiroba.EventBus";
    public const string DroppedCounterName = "hiroba.eventbus.publisher.dropped";

    private readonly BestEffortDelivery _policy;
    private readonly IEventBus _eventBus;
    private readonly ILogger<QueuedEventPublisher> _logger;
    private readonly Channel<IntegrationEvent> _queue;
    private readonly ResiliencePipeline _untilPublished;
    private readonly Counter<long> _droppedCounter;
    private readonly ConcurrentQueue<IntegrationEvent> _interrupted = new();
    private long _dropped;

    public QueuedEventPublisher(
        BestEffortDelivery policy, IEventBus eventBus, TimeProvider timeProvider, IMeterFactory meterFactory, ILogger<QueuedEventPublisher> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(policy.Capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(policy.Publishers, 1);
        (_policy, _eventBus, _logger) = (policy, eventBus, logger);
        // A DropNewest queue "waits" when full, so that TryWrite says false; the channel's own DropWrite would say true.
        var options = new BoundedChannelOptions(policy.Capacity)
        {
            SingleReader = policy.Publishers == 1,
            FullMode = policy.WhenFull == QueueFullMode.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
        };
        _queue = Channel.CreateBounded<IntegrationEvent>(options, OnDropped);
        _untilPublished = policy.Retry?.RetryUntilStopped(timeProvider, retry => OnRetry(logger, retry)) ?? ResiliencePipeline.Empty;
        _droppedCounter = meterFactory.Create(MeterName).CreateCounter<long>(
            DroppedCounterName, unit: "{event}", description: "Events a full publisher queue dropped, or that came after the stop");
    }

    public bool Publish(IntegrationEvent @event)
    {
        if (_queue.Writer.TryWrite(@event))
        {
            return true;
        }
        OnDropped(@event);
        return false;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        var left = _interrupted.ToList();
        while (_queue.Reader.TryRead(out var queued))
        {
            left.Add(queued);
        }
        if (left.Count > 0)
        {
            LogPublishingLeft(_logger, left.Count);
        }
        for (var i = 0; i < left.Count; i++)
        {
            try
            {
                await _eventBus.PublishAsync(left[i], cancellationToken);
            }
            catch (EventBusPublishException exception)
            {
                LogPublishFailed(_logger, exception, exception.Topic);
            }
            catch (OperationCanceledException)
            {
                LogStopCutShort(_logger, left.Count - i);
                return;
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _policy.Publishers).Select(_ => PublishLoopAsync(stoppingToken)));

    private async Task PublishLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (!stoppingToken.IsCancellationRequested && _queue.Reader.TryRead(out var @event))
                {
                    await PublishAsync(@event, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync takes what is left.
        }
    }

    private async Task PublishAsync(IntegrationEvent @event, CancellationToken stoppingToken)
    {
        try
        {
            if (_policy.IsRetried(@event))
            {
                await _untilPublished.ExecuteAsync(
                    static (state, cancellationToken) => new ValueTask(state.Bus.PublishAsync(state.Event, cancellationToken)),
                    (Bus: _eventBus, Event: @event), stoppingToken);
            }
            else
            {
                await _eventBus.PublishAsync(@event, stoppingToken);
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            _interrupted.Enqueue(@event);
        }
        catch (EventBusPublishException exception)
        {
            LogPublishFailed(_logger, exception, exception.Topic);
        }
    }

    private void OnDropped(IntegrationEvent @event)
    {
        var topic = Topics.Of(@event.GetType());
        _droppedCounter.Add(1, new KeyValuePair<string, object?>("topic", topic));
        // The first drop and every thousandth after it, so an outage does not flood the log.
        if (Interlocked.Increment(ref _dropped) is var dropped && dropped % 1000 == 1)
        {
            LogDropped(_logger, topic, dropped);
        }
    }

    private static ValueTask OnRetry(ILogger logger, OnRetryArguments<object> retry)
    {
        var topic = retry.Outcome.Exception is EventBusPublishException failed ? failed.Topic : "an event";
        LogRetrying(logger, retry.Outcome.Exception, topic, retry.RetryDelay);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(LogLevel.Warning, "The event queue is full or stopped; a {Topic} event was dropped ({Dropped} dropped so far)")]
    private static partial void LogDropped(ILogger logger, string topic, long dropped);

    [LoggerMessage(LogLevel.Warning, "Could not publish {Topic}; dropped")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(LogLevel.Warning, "Could not publish {Topic}; trying again in {Delay}")]
    private static partial void LogRetrying(ILogger logger, Exception? exception, string topic, TimeSpan delay);

    [LoggerMessage(LogLevel.Information, "{Count} events still queued at the stop get one attempt each")]
    private static partial void LogPublishingLeft(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "The shutdown came before {Count} queued events were published; they are lost")]
    private static partial void LogStopCutShort(ILogger logger, int count);
}
