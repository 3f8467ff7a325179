using System.Diagnostics;
using Hiroba.EventBus.Abstractions;
using Hiroba.Resilience;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Hiroba.EventBus.Publishing.Outbox;

/// <summary>
/// The publisher of at-least-once delivery: the service stores its events in its <see cref="IIntegrationEventOutbox"/>
/// in the same transaction as the change they announce, and signals <see cref="OutboxSignal"/>. The relay publishes
/// them in the order they were stored, a batch at a time, and marks them sent once the broker has accepted them. While
/// the broker is down it retries with a capped doubling delay; nothing is skipped. An event may be published twice (if
/// the process stops between publishing and marking), never lost; subscribers drop repeats by id.
/// </summary>
internal sealed partial class OutboxRelay(
    IIntegrationEventOutbox outbox,
    OutboxSignal signal,
    IEventBus eventBus,
    IOptions<OutboxOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    /// <summary>A safety net: the relay also looks at the outbox this often without being signalled.</summary>
    private static readonly TimeSpan IdlePollInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(10);

    private readonly OutboxOptions _settings = options.Value;
    private DateTimeOffset _nextPrune = timeProvider.GetUtcNow();

    /// <summary>The last event this process has published; the next batch starts after it, marked sent or not yet.</summary>
    private long _publishedUpTo;

    /// <summary>Marking a batch sent overlaps publishing the next one, so the relay never waits for that commit.</summary>
    private Task _marking = Task.CompletedTask;

    /// <summary>Runs a relay round again until every event it read is published; each round starts from the first delay.</summary>
    private readonly ResiliencePipeline<bool> _untilRelayed = new ExponentialBackoff(options.Value.FirstRetryDelay, options.Value.MaxRetryDelay)
        .RetryUntilStopped<bool>(timeProvider, outcome => outcome.Exception is not null || !outcome.Result, retry => OnRetry(logger, retry));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _untilRelayed.ExecuteAsync(static (relay, cancellationToken) => relay.RelayRoundAsync(cancellationToken), this, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; whatever is still pending goes out after the next start.
        }
        catch (Exception exception) when (stoppingToken.IsCancellationRequested)
        {
            // A round that failed as the shutdown came is not retried; its events go out after the next start.
            LogRelayFailed(logger, exception);
        }
        try
        {
            await FinishMarkingAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The events stay unmarked and go out again after the next start; subscribers drop them by id.
            LogRelayFailed(logger, exception);
        }
        catch (OperationCanceledException)
        {
            // Same: marking was cut short by the shutdown.
        }
    }

    /// <summary>Relays one batch, and prunes sent events when it is time.</summary>
    /// <returns>False when an event could not be published, so the relay backs off before trying again.</returns>
    private async ValueTask<bool> RelayRoundAsync(CancellationToken cancellationToken)
    {
        var allSent = await RelayBatchAsync(_settings, cancellationToken);
        if (allSent && timeProvider.GetUtcNow() >= _nextPrune)
        {
            await PruneAsync(_settings, cancellationToken);
            _nextPrune = timeProvider.GetUtcNow() + PruneInterval;
        }
        return allSent;
    }

    private static ValueTask OnRetry(ILogger logger, OnRetryArguments<bool> retry)
    {
        if (retry.Outcome.Exception is { } exception)
        {
            LogRelayFailed(logger, exception);
        }
        LogRetrying(logger, retry.RetryDelay);
        return ValueTask.CompletedTask;
    }

    /// <summary>Publishes one batch of pending events, then waits for new ones unless the batch was full.</summary>
    /// <returns>False when an event could not be published, so the caller backs off before trying again.</returns>
    private async Task<bool> RelayBatchAsync(OutboxOptions settings, CancellationToken cancellationToken)
    {
        var pending = await outbox.ReadPendingAsync(_publishedUpTo, settings.BatchSize, cancellationToken);
        if (pending.Count > 0)
        {
            var published = await PublishInOrderAsync(pending, cancellationToken);
            if (published > 0)
            {
                _publishedUpTo = pending[published - 1].Sequence;
                await FinishMarkingAsync();
                _marking = outbox.MarkSentAsync(_publishedUpTo, cancellationToken);
            }
            if (published < pending.Count)
            {
                return false;
            }
            if (pending.Count == settings.BatchSize)
            {
                return true;
            }
        }

        // A partial batch was all there was when it was read; whatever was stored since has signalled, so the relay
        // reads again only when woken.
        await FinishMarkingAsync();
        await signal.WaitAsync(IdlePollInterval, timeProvider, cancellationToken);
        return true;
    }

    /// <returns>How many of <paramref name="pending"/>, from the first, the broker accepted.</returns>
    /// <remarks>
    /// The publishes of a batch are started in order on the event bus's one broker connection, so the broker receives
    /// them in order without a round trip each; after a failure the whole batch has finished before it is retried,
    /// so a retry never overtakes an attempt still in flight.
    /// </remarks>
    private async Task<int> PublishInOrderAsync(IReadOnlyList<IOutboxEntry> pending, CancellationToken cancellationToken)
    {
        var publishing = pending.Select(entry => RelayAsync(entry, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(publishing);
            return pending.Count;
        }
        catch (EventBusPublishException exception)
        {
            var accepted = publishing.TakeWhile(publish => publish.IsCompletedSuccessfully).Count();
            LogPublishFailed(logger, exception, pending[accepted].Topic, pending[accepted].EventId);
            return accepted;
        }
    }

    /// <summary>Publishes one entry under a relay span that continues the trace the entry was stored in.</summary>
    /// <remarks>Runs synchronously into the event bus's publish, so a batch's publishes still start in order.</remarks>
    private async Task RelayAsync(IOutboxEntry entry, CancellationToken cancellationToken)
    {
        using var activity = OutboxTelemetry.StartRelay(entry);
        try
        {
            await eventBus.PublishAsync(entry.ToIntegrationEvent(activity?.Context ?? entry.TraceContext), cancellationToken);
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }
    }

    /// <summary>Waits for the batch being marked sent; a failure to mark is reported once.</summary>
    private Task FinishMarkingAsync()
    {
        var marking = _marking;
        _marking = Task.CompletedTask;
        return marking;
    }

    private async Task PruneAsync(OutboxOptions settings, CancellationToken cancellationToken)
    {
        var pruned = await outbox.PruneSentAsync(timeProvider.GetUtcNow() - settings.SentRetention, cancellationToken);
        if (pruned > 0)
        {
            LogPruned(logger, pruned);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Publishing {Topic} event {EventId} from the outbox failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string topic, Guid eventId);

    [LoggerMessage(LogLevel.Information, "Outbox events wait for the event bus; retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, TimeSpan delay);

    [LoggerMessage(LogLevel.Error, "The outbox relay failed; retrying")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Debug, "Pruned {Count} sent events from the outbox")]
    private static partial void LogPruned(ILogger logger, int count);
}
