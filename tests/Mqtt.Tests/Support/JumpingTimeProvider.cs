namespace Hiroba.Mqtt.Tests.Support;

/// <summary>The system clock with timers as usual, whose time can jump ahead as if this process had stalled.</summary>
public sealed class JumpingTimeProvider : TimeProvider
{
    private long _offset;

    public void Jump(TimeSpan by) => Interlocked.Add(ref _offset, (long)(by.TotalSeconds * TimeProvider.System.TimestampFrequency));

    public override long GetTimestamp() => TimeProvider.System.GetTimestamp() + Interlocked.Read(ref _offset);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        TimeProvider.System.CreateTimer(callback, state, dueTime, period);
}
