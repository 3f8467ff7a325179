using System.Diagnostics;

namespace Hiroba.SignalingBench;

/// <param name="CpuMicrosecondsPerMessage">CPU time per relayed message of each process measured, in the order given.</param>
public sealed record ThroughputResult(double MessagesPerSecond, IReadOnlyList<double> CpuMicrosecondsPerMessage);

public sealed record LatencyResult(double RateSent, double P50Milliseconds, double P99Milliseconds, double MaxMilliseconds, long Undelivered);

/// <summary>The measurements, each over pairs of peers already joined (even index = first of its pair).</summary>
public static class Scenarios
{
    /// <summary>Every 4th message is offer-sized (~1 KB), the rest candidate-sized (~200 B).</summary>
    private static (string Type, int Size) Shape(long sequence) => sequence % 4 == 0 ? ("offer", 1024) : ("candidate", 200);

    /// <summary>
    /// Closed loop: each pair keeps <paramref name="window"/> messages in flight; whoever receives one sends the
    /// next to its partner. Counts relayed messages received during the measured interval, and the CPU seconds
    /// <paramref name="cpuSeconds"/> reads (one reading per process) over the same interval.
    /// </summary>
    public static async Task<ThroughputResult> ClosedLoopAsync(
        IReadOnlyList<BenchPeer> peers, int window, TimeSpan warmUp, TimeSpan duration, Func<double[]>? cpuSeconds = null)
    {
        cpuSeconds ??= () => [];
        long received = 0, sequence = 0;
        var running = true;
        foreach (var peer in peers)
        {
            peer.OnRelayed = (self, _) =>
            {
                Interlocked.Increment(ref received);
                if (Volatile.Read(ref running))
                {
                    var (type, size) = Shape(Interlocked.Increment(ref sequence));
                    self.Send(self.Message(type, size));
                }
            };
        }
        for (var i = 0; i < peers.Count; i += 2)
        {
            for (var w = 0; w < window; w++)
            {
                var (type, size) = Shape(w);
                peers[i].Send(peers[i].Message(type, size));
            }
        }

        await Task.Delay(warmUp);
        var start = Interlocked.Read(ref received);
        var cpuBefore = cpuSeconds();
        var stopwatch = Stopwatch.StartNew();
        await Task.Delay(duration);
        var count = Interlocked.Read(ref received) - start;
        var elapsed = stopwatch.Elapsed;
        var cpuPerMessage = cpuSeconds().Zip(cpuBefore, (after, before) => (after - before) * 1e6 / Math.Max(1, count)).ToArray();
        Volatile.Write(ref running, false);
        await Task.Delay(TimeSpan.FromSeconds(1));
        foreach (var peer in peers)
        {
            peer.OnRelayed = null;
        }
        return new ThroughputResult(count / elapsed.TotalSeconds, cpuPerMessage);
    }

    /// <summary>Open loop at a fixed total rate, spread round-robin over all peers; latency is send to receive.</summary>
    public static async Task<LatencyResult> FixedRateAsync(IReadOnlyList<BenchPeer> peers, double rate, TimeSpan duration)
    {
        var total = (long)(rate * duration.TotalSeconds);
        var latencies = new long[total];
        long received = 0;
        foreach (var peer in peers)
        {
            peer.OnRelayed = (_, latency) =>
            {
                var index = Interlocked.Increment(ref received) - 1;
                if (index < latencies.Length)
                {
                    latencies[index] = latency;
                }
            };
        }

        var stopwatch = Stopwatch.StartNew();
        long sent = 0;
        while (sent < total)
        {
            var due = Math.Min(total, (long)(stopwatch.Elapsed.TotalSeconds * rate));
            for (; sent < due; sent++)
            {
                var peer = peers[(int)(sent % peers.Count)];
                var (type, size) = Shape(sent);
                peer.Send(peer.Message(type, size));
            }
            await Task.Delay(1);
        }
        var sendElapsed = stopwatch.Elapsed;
        var deadline = Stopwatch.StartNew();
        while (Interlocked.Read(ref received) < total && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }
        foreach (var peer in peers)
        {
            peer.OnRelayed = null;
        }

        var count = (int)Math.Min(Interlocked.Read(ref received), total);
        var sorted = latencies.AsSpan(0, count).ToArray();
        Array.Sort(sorted);
        return new LatencyResult(
            total / sendElapsed.TotalSeconds,
            Milliseconds(Percentile(sorted, 0.50)),
            Milliseconds(Percentile(sorted, 0.99)),
            Milliseconds(sorted.Length == 0 ? 0 : sorted[^1]),
            total - count);
    }

    private static long Percentile(long[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
