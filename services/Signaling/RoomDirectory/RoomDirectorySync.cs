using Hiroba.Contracts.Signaling;
using Hiroba.Resilience;
using Hiroba.EventBus.Publishing;
using Polly;
using Polly.Retry;

namespace Hiroba.Signaling.RoomDirectory;

/// <summary>
/// Asks Rooms for every open room when this instance starts (<c>signaling.room-sync-requested</c>), and again, less and
/// less often, until the answer's marker (<c>rooms.room-sync-completed</c>) completes <see cref="KnownRooms"/>: a
/// request can be lost (Rooms down, a subscription not yet in place) and nothing else would ever complete it.
/// </summary>
public sealed partial class RoomDirectorySync(
    KnownRooms knownRooms, IIntegrationEventPublisher events, TimeProvider timeProvider, ILogger<RoomDirectorySync> logger) : BackgroundService
{
    private static readonly ExponentialBackoff RequestBackoff = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));

    /// <summary>Requests whose answer still counts: a late answer to one of them is as good as the newest's.</summary>
    private const int RememberedRequests = 16;

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, HashSet<int>> _answers = [];
    private readonly Queue<Guid> _requests = new();

    /// <summary>
    /// Asks until the directory is complete. The answer completes <see cref="KnownRooms"/> on its own; this only notices
    /// it at the next attempt, so a late answer costs at most one wait before the requests are forgotten.
    /// </summary>
    private readonly ResiliencePipeline<bool> _untilAnswered =
        RequestBackoff.RetryUntilStopped<bool>(timeProvider, outcome => !outcome.Result, retry => OnRetry(logger, retry));

    public string InstanceId { get; } = Guid.CreateVersion7().ToString();

    /// <summary>Records a part of the answer to one of this instance's requests.</summary>
    /// <returns>True when every part of that answer has arrived.</returns>
    public bool PartArrived(Guid requestId, int part, int parts)
    {
        lock (_gate)
        {
            if (!_answers.TryGetValue(requestId, out var arrived) || part < 1 || part > parts)
            {
                return false;
            }
            arrived.Add(part);
            return arrived.Count == parts;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Repeats keep the first request's time: that is when this instance started, which is what others read from it.
        var request = new RoomSyncRequestedIntegrationEvent(InstanceId);
        var answered = await _untilAnswered.ExecuteAsync(_ =>
        {
            if (knownRooms.IsComplete)
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

    [LoggerMessage(LogLevel.Information, "Rooms has announced every open room; unknown rooms are ad-hoc rooms from now on")]
    private static partial void LogComplete(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Rooms has not answered the room sync yet ({Requests} requests sent); asking again in {Delay} unless it answers (joins to unknown rooms are refused meanwhile)")]
    private static partial void LogNoAnswer(ILogger logger, int requests, TimeSpan delay);
}
