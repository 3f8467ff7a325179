using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Hiroba.Contracts.Signaling;
using Hiroba.EventBus;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.Resilience;
using Polly;
using Polly.Retry;

namespace Hiroba.Signaling.Replicas;

/// <summary>
/// Sends relay steps to other replicas in the order they are taken, a batch at a time: the steps that queue up while one
/// event is being published go into the next, one event per destination replica. Idle, a step leaves at once; busy, the
/// cost of an event (its envelope, the broker, the other side's handling) is shared by the steps that waited. A batch
/// waits for the broker and is retried until it takes it, so nothing is reordered or skipped. Each event goes to its
/// replica's inbox, as the directory names it; steps for a replica the directory forgot go nowhere, as it is long gone.
/// </summary>
public sealed partial class RelaySender(IEventBus eventBus, ReplicaDirectory directory, TimeProvider timeProvider, ILogger<RelaySender> logger)
    : BackgroundService
{
    /// <summary>What one step may take of an event, its JSON; an event holds at most <see cref="EventBusLimits.MaxEventBytes"/>.</summary>
    public const int MaxStepBytes = EventBusLimits.MaxEventBytes - 4 * 1024;

    private const int MaxStepsPerEvent = 256;

    private readonly Channel<(Guid To, SignalingRelayStep Step, int Bytes)> _queue =
        Channel.CreateUnbounded<(Guid, SignalingRelayStep, int)>(new UnboundedChannelOptions { SingleReader = true });

    // A replica's inbox never changes; forgotten with the replica (ForgetReplicasOtherThan).
    private readonly ConcurrentDictionary<Guid, string> _inboxes = new();

    private readonly ResiliencePipeline _untilPublished = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), Jitter: true)
        .RetryUntilStopped(timeProvider, retry => OnRetry(logger, retry));

    /// <returns>False when the step is too large to relay (the caller ends that connection).</returns>
    public bool Send(Guid to, SignalingRelayStep step)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(step, CloudEventSerializer.DataOptions).Length;
        return bytes <= MaxStepBytes && _queue.Writer.TryWrite((to, step, bytes));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(Guid To, SignalingRelayStep Step, int Bytes)>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxStepsPerEvent && _queue.Reader.TryRead(out var queued))
                {
                    batch.Add(queued);
                }
                foreach (var @event in Events(batch))
                {
                    await _untilPublished.ExecuteAsync(async ct => await PublishAsync(@event, ct), stoppingToken);
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the relayed connections end with this replica.
        }
    }

    /// <summary>Forgets the inboxes of replicas that are gone.</summary>
    public void ForgetReplicasOtherThan(IReadOnlySet<Guid> alive)
    {
        foreach (var replica in _inboxes.Keys.Where(replica => !alive.Contains(replica)))
        {
            _inboxes.TryRemove(replica, out _);
        }
    }

    private async Task PublishAsync(SignalingRelayIntegrationEvent @event, CancellationToken cancellationToken)
    {
        if (!_inboxes.TryGetValue(@event.To, out var inbox))
        {
            inbox = await directory.InboxOfAsync(@event.To, cancellationToken);
            if (inbox is null)
            {
                LogReplicaForgotten(logger, @event.Steps.Count, @event.To);
                return;
            }
            _inboxes[@event.To] = inbox;
        }
        await eventBus.PublishAsync(@event with { Inbox = inbox }, cancellationToken);
    }

    /// <summary>The batch as events: per destination, in order, each within the size limit.</summary>
    private static IEnumerable<SignalingRelayIntegrationEvent> Events(List<(Guid To, SignalingRelayStep Step, int Bytes)> batch)
    {
        foreach (var destination in batch.GroupBy(queued => queued.To))
        {
            var steps = new List<SignalingRelayStep>();
            var bytes = 0;
            foreach (var (_, step, size) in destination)
            {
                if (steps.Count > 0 && bytes + size > MaxStepBytes)
                {
                    yield return new SignalingRelayIntegrationEvent(destination.Key, steps);
                    (steps, bytes) = ([], 0);
                }
                steps.Add(step);
                bytes += size;
            }
            yield return new SignalingRelayIntegrationEvent(destination.Key, steps);
        }
    }

    private static ValueTask OnRetry(ILogger logger, OnRetryArguments<object> retry)
    {
        LogPublishFailed(logger, retry.Outcome.Exception, retry.RetryDelay);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(LogLevel.Debug, "Dropped {Steps} relay steps for replica {Replica}, which the directory forgot")]
    private static partial void LogReplicaForgotten(ILogger logger, int steps, Guid replica);

    [LoggerMessage(LogLevel.Warning, "Relaying to another replica failed; trying again in {Delay}")]
    private static partial void LogPublishFailed(ILogger logger, Exception? exception, TimeSpan delay);
}
