namespace Hiroba.Mqtt.Connection;

/// <summary>
/// Capped exponential backoff with "equal jitter": half of each delay is fixed and half random, so
/// many clients spread out after a broker restart, yet none retries immediately.
/// </summary>
internal static class ReconnectBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan min, TimeSpan max)
    {
        var capped = min.Ticks;
        for (var i = 0; i < attempt && capped < max.Ticks; i++)
        {
            capped = capped > max.Ticks / 2 ? max.Ticks : capped * 2;
        }

        return TimeSpan.FromTicks(capped / 2 + Random.Shared.NextInt64(capped / 2 + 1));
    }
}
