namespace Hiroba.Signaling.Connections;

/// <summary>A per-connection rate limit; used only by that connection's reader loop, so it needs no locking.</summary>
public sealed class TokenBucket(double ratePerSecond, int burst, TimeProvider timeProvider)
{
    private double _tokens = burst;
    private long _lastRefill = timeProvider.GetTimestamp();

    public bool TryTake()
    {
        var now = timeProvider.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + timeProvider.GetElapsedTime(_lastRefill, now).TotalSeconds * ratePerSecond);
        _lastRefill = now;
        if (_tokens < 1)
        {
            return false;
        }
        _tokens -= 1;
        return true;
    }
}
