using System.Text.Json;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.EventBus.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    private readonly DeliveryLedger _ledger = new(options.Value.DeduplicationWindow);

    public async Task<ProcessingOutcome> ProcessAsync(string topic, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (!subscriptions.TryGet(topic, out var subscription))
        {
            LogRejected(logger, topic, "no subscription for this topic");
            return ProcessingOutcome.Rejected;
        }
        if (!CloudEventSerializer.TryParse(body.Span, out var envelope, out var error))
        {
            LogRejected(logger, topic, error);
            return ProcessingOutcome.Rejected;
        }
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
        var maxAttempts = options.Value.MaxDeliveryAttempts;
        var delay = options.Value.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunHandlersAsync(subscription, @event, cancellationToken);
                return ProcessingOutcome.Handled;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                LogInterrupted(logger, subscription.Topic, @event.Id);
                return ProcessingOutcome.Interrupted;
            }
            catch (Exception exception) when (attempt < maxAttempts)
            {
                LogAttemptFailed(logger, exception, subscription.Topic, @event.Id, attempt, maxAttempts, delay);
            }
            catch (Exception exception)
            {
                LogGaveUp(logger, exception, subscription.Topic, @event.Id, maxAttempts, subscription.DeadLetterTopic);
                return ProcessingOutcome.DeadLettered;
            }
            try
            {
                await Task.Delay(delay, timeProvider, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                LogInterrupted(logger, subscription.Topic, @event.Id);
                return ProcessingOutcome.Interrupted;
            }
            delay *= 2;
        }
    }

    private async Task RunHandlersAsync(EventSubscription subscription, IntegrationEvent @event, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        foreach (var handlerType in subscription.HandlerTypes)
        {
            var handler = scope.ServiceProvider.GetRequiredService(handlerType);
            await HandlerInvoker.InvokeAsync(handler, subscription.EventType, @event, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected a message on {Topic}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped a repeat of event {EventId} on {Topic}")]
    private static partial void LogDuplicate(ILogger logger, string topic, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling event {EventId} on {Topic} was interrupted by shutdown")]
    private static partial void LogInterrupted(ILogger logger, string topic, Guid eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling event {EventId} on {Topic} failed (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, string topic, Guid eventId, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling event {EventId} on {Topic} failed {MaxAttempts} times; it goes to {DeadLetterTopic}")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string topic, Guid eventId, int maxAttempts, string deadLetterTopic);
}
