using System.Diagnostics;

namespace Hiroba.MqttBench;

/// <summary>Counts received messages and waits until all arrived, or until arrivals stop (messages were lost).</summary>
internal sealed class ReceiveCounter(int expected)
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(3);
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _received;
    private long _lastArrival = Stopwatch.GetTimestamp();

    public int Received => Volatile.Read(ref _received);

    /// <summary>When the last counted message arrived.</summary>
    public long LastArrival => Volatile.Read(ref _lastArrival);

    public void Add()
    {
        Volatile.Write(ref _lastArrival, Stopwatch.GetTimestamp());
        if (Interlocked.Increment(ref _received) == expected)
        {
            _all.TrySetResult();
        }
    }

    public async Task WaitAsync()
    {
        while (!_all.Task.IsCompleted)
        {
            var before = Received;
            await Task.WhenAny(_all.Task, Task.Delay(Stall));
            if (Received == before)
            {
                return;
            }
        }
    }
}
