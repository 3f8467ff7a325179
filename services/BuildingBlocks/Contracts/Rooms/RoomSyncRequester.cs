using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.Publishing;
using Hiroba.Resilience;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Hiroba.Contracts.Rooms;

/// <summary>
/// The asking side of the room sync: when a process starts it asks Rooms for every open room (its request event), and
/// again, less and less often, until every part of Rooms' answer to one of its requests (<c>rooms.room-sync-completed</c>)
/// has arrived. A request can be lost (Rooms down, a subscription not yet in place, a broker session that started
/// clean) and nothing else would ever answer it.
/// </summary>
public abstract partial class RoomSyncRequester(IIntegrationEventPublisher events, TimeProvider timeProvider, ILogger logger) : BackgroundService
{
    private static readonly ExponentialBackoff RequestBackoff = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));

    /// <summary>Requests whose answer still counts: a late answer to one of them is as good as the newest's.</summary>
    private const int RememberedRequests = 16;

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, HashSet<int>> _answers = [];
    private readonly Queue<Guid> _requests = new();
    private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Asks until answered. An answer completes <see cref="IsAnswered"/> on its own; this only notices it at the next
    /// attempt, so a late answer costs at most one wait before the requests are forgotten.
    /// </summary>
    private readonly ResiliencePipeline<bool> _untilAnswered =
        RequestBackoff.RetryUntilStopped<bool>(timeProvider, outcome => !outcome.Result, retry => OnRetry(logger, retry));

    /// <summary>Names this process in its requests; an answer to another process is not this one's.</summary>
    public string InstanceId { get; } = Guid.CreateVersion7().ToString();

    /// <summary>Every part of the answer to one of this process's requests has arrived.</summary>
    public bool IsAnswered => _answered.Task.IsCompleted;

    /// <summary>Records a part of an answer.</summary>
    /// <returns>True when it is a part of the answer to one of this process's requests and completes that answer.</returns>
    public bool PartArrived(RoomSyncCompletedIntegrationEvent answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        lock (_gate)
        {
            if (answer.InstanceId != InstanceId || !_answers.TryGetValue(answer.RequestId, out var arrived)
                || answer.Part < 1 || answer.Part > answer.Parts)
            {
                return false;
            }
            arrived.Add(answer.Part);
            if (arrived.Count != answer.Parts)
            {
                return false;
            }
        }
        _answered.TrySetResult();
        return true;
    }

    /// <summary>This process's request event, the first time.</summary>
    protected abstract IntegrationEvent CreateRequest();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Repeats keep the first request's time: that is when this process started, which is what others read from it.
        var request = CreateRequest();
        var answered = await _untilAnswered.ExecuteAsync(_ =>
        {
            if (IsAnswered)
            {
                return ValueTask.FromResult(true);
            }
            Remember(request.Id);
            events.Publish(request);
            request = request with { Id = Guid.CreateVersion7() };
            return ValueTask.FromResult(false);
        }, stoppingToken);
        if (!answered)
        {
            return;
        }
        LogComplete(logger);
        lock (_gate)
        {
            _answers.Clear();
            _requests.Clear();
        }
    }

    private static ValueTask OnRetry(ILogger logger, OnRetryArguments<bool> retry)
    {
        if (retry.AttemptNumber > 0)
        {
            LogNoAnswer(logger, retry.AttemptNumber + 1, retry.RetryDelay);
        }
        return ValueTask.CompletedTask;
    }

    private void Remember(Guid requestId)
    {
        lock (_gate)
        {
            _answers[requestId] = [];
            _requests.Enqueue(requestId);
            if (_requests.Count > RememberedRequests)
            {
                _answers.Remove(_requests.Dequeue());
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Rooms has announced every open room")]
    private static partial void LogComplete(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Rooms has not answered the room sync yet ({Requests} requests sent); asking again in {Delay} unless it answers")]
    private static partial void LogNoAnswer(ILogger logger, int requests, TimeSpan delay);
}
