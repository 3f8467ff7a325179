namespace Hiroba.Launcher;

/// <summary>
/// How long to wait before restarting a component that exited: doubling from one second up to a cap, and back to the
/// first delay once the component had stayed up for a while.
/// </summary>
internal sealed class RestartBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StableUptime = TimeSpan.FromMinutes(1);

    private TimeSpan _next = First;

    /// <param name="uptime">How long the component ran before it exited (or failed to start: zero).</param>
    public TimeSpan NextDelay(TimeSpan uptime)
    {
        if (uptime >= StableUptime)
        {
            _next = First;
        }
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, Cap.Ticks));
        return delay;
    }
}
