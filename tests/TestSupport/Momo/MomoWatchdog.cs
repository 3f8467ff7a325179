namespace Hiroba.TestSupport.Momo;

/// <summary>Momo's <c>WatchDog</c>: one timer; <c>Enable</c> sets its period and starts it, <c>Reset</c> starts it again.</summary>
internal sealed class MomoWatchdog(Action onExpired, TimeProvider timeProvider) : IDisposable
{
    private readonly Lock _gate = new();
    private TimeSpan _period;
    private ITimer? _timer;
    private long _generation;

    public void Enable(TimeSpan period)
    {
        lock (_gate)
        {
            _period = period;
            Restart();
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            Restart();
        }
    }

    public void Disable()
    {
        lock (_gate)
        {
            _generation++;
            _timer?.Dispose();
            _timer = null;
        }
    }

    public void Dispose() => Disable();

    private void Restart()
    {
        var generation = ++_generation;
        _timer?.Dispose();
        _timer = timeProvider.CreateTimer(_ =>
        {
            // A timer replaced meanwhile may still fire once; only the current one counts.
            if (Interlocked.Read(ref _generation) == generation)
            {
                onExpired();
            }
        }, null, _period, Timeout.InfiniteTimeSpan);
    }
}
