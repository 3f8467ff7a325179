using System.Diagnostics;
using System.Text.Json;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.EventBus.Subscriptions;
using Hiroba.EventBus.Telemetry;
using Hiroba.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Hiroba.EventBus.Processing;

/// <summary>
/// The delivery pipeline both transports share: read the envelope, drop ids already handled,
/// run the handlers with bounded retries and backoff, and say where the message must go next.
/// </summary>
public sealed partial class IntegrationEventProcessor(
    EventSubscriptions subscriptions,
    IServiceScopeFactory scopeFactory,
    IOptions<EventBusOptions> options,
    TimeProvider timeProvider,
    ILogger<IntegrationEventProcessor> logger)
{
    /// <summary>What the retry log lines name: the pipeline is shared by every delivery.</summary>
    private static readonly ResiliencePropertyKey<Delivery> DeliveryKey = new("Hiroba.EventBus.Delivery");

    private readonly DeliveryLedger _ledger = new(options.Value.DeduplicationWindow);

    private readonly ResiliencePipeline _retries = new ExponentialBackoff(options.Value.FirstRetryDelay, options.Value.MaxRetryDelay)
        .Retries(options.Value.MaxDeliveryAttempts, timeProvider, retry => OnRetry(logger, options.Value.MaxDeliveryAttempts, retry));

    /// <param name="system">The transport, as the spans name it (<c>mqtt</c>, <c>dapr</c>).</param>
    public async Task<ProcessingOutcome> ProcessAsync(string topic, ReadOnlyMemory<byte> body, string system, CancellationToken cancellationToken)
    {
        if (!subscriptions.TryGet(topic, out var subscription))
        {
            LogRejected(logger, topic, "no subscription for this topic");
            EventBusTelemetry.RecordDelivered(null, topic, ProcessingOutcome.Rejected);
            return ProcessingOutcome.Rejected;
        }
        if (!CloudEventSerializer.TryParse(body.Span, out var envelope, out var error))
        {
            LogRejected(logger, topic, error);
            EventBusTelemetry.RecordDelivered(null, topic, ProcessingOutcome.Rejected);
            return ProcessingOutcome.Rejected;
        }
        using var activity = EventBusTelemetry.StartProcess(envelope, topic, system);
        var outcome = await ProcessAsync(subscription, envelope, cancellationToken);
        EventBusTelemetry.RecordDelivered(activity, topic, outcome);
        return outcome;
    }

    private async Task<ProcessingOutcome> ProcessAsync(EventSubscription subscription, CloudEvent envelope, CancellationToken cancellationToken)
    {
        var topic = subscription.Topic;
        IntegrationEvent @event;
        try
        {
            @event = CloudEventSerializer.ReadEvent(envelope, subscription.EventType);
        }
        catch (JsonException exception)
        {
            LogRejected(logger, topic, $"data is not a {subscription.EventType.Name}: {exception.Message}");
            return ProcessingOutcome.Rejected;
        }

        var eventKey = $"{envelope.Source}/{envelope.Id}";
        if (!_ledger.TryBegin(eventKey))
        {
            LogDuplicate(logger, topic, envelope.Id);
            return ProcessingOutcome.Handled;
        }
        var outcome = await HandleWithRetriesAsync(subscription, @event, cancellationToken);
        if (outcome == ProcessingOutcome.Handled)
        {
            _ledger.Complete(eventKey);
        }
        else
        {
            _ledger.Abandon(eventKey);
        }
        return outcome;
    }

    private async Task<ProcessingOutcome> HandleWithRetriesAsync(EventSubscription subscription, IntegrationEvent @event, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(DeliveryKey, new Delivery(subscription.Topic, @event.Id));
        try
        {
            await _retries.ExecuteAsync(
                static (context, state) => new ValueTask(state.Processor.RunHandlersAsync(state.Subscription, state.Event, context.CancellationToken)),
                context,
                (Processor: this, Subscription: subscription, Event: @event));
            return ProcessingOutcome.Handled;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown stopped the handlers or the wait before the next attempt: the message comes again.
            LogInterrupted(logger, subscription.Topic, @event.Id);
            return ProcessingOutcome.Interrupted;
        }
        catch (Exception exception)
        {
            LogGaveUp(logger, exception, subscription.Topic, @event.Id, options.Value.MaxDeliveryAttempts, subscription.DeadLetterTopic);
            return ProcessingOutcome.DeadLettered;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static ValueTask OnRetry(ILogger logger, int maxAttempts, OnRetryArguments<object> retry)
    {
        var delivery = retry.Context.Properties.GetValue(DeliveryKey, new Delivery("", Guid.Empty));
        LogAttemptFailed(logger, retry.Outcome.Exception, delivery.Topic, delivery.EventId, retry.AttemptNumber + 1, maxAttempts, retry.RetryDelay);
        return ValueTask.CompletedTask;
    }

    private async Task RunHandlersAsync(EventSubscription subscription, IntegrationEvent @event, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        foreach (var handlerType in subscription.HandlerTypes)
        {
            using var activity = EventBusTelemetry.StartHandler(handlerType);
            var handler = scope.ServiceProvider.GetRequiredService(handlerType);
            try
            {
                await HandlerInvoker.InvokeAsync(handler, subscription.EventType, @event, cancellationToken);
            }
            catch (Exception exception)
            {
                activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
                throw;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected a message on {Topic}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped a repeat of event {EventId} on {Topic}")]
    private static partial void LogDuplicate(ILogger logger, string topic, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling event {EventId} on {Topic} was interrupted by shutdown")]
    private static partial void LogInterrupted(ILogger logger, string topic, Guid eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling event {EventId} on {Topic} failed (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}")]
    private static partial void LogAttemptFailed(ILogger logger, Exception? exception, string topic, Guid eventId, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling event {EventId} on {Topic} failed {MaxAttempts} times; it goes to {DeadLetterTopic}")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string topic, Guid eventId, int maxAttempts, string deadLetterTopic);

    private readonly record struct Delivery(string Topic, Guid EventId);
}
