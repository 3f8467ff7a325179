using System.Diagnostics;
using Hiroba.LocalComponents;

namespace Hiroba.FeedBench;

public static class Percentiles
{
    public static double Milliseconds(long stopwatchTicks) => stopwatchTicks * 1000.0 / Stopwatch.Frequency;

    /// <summary>"p50 1.2 ms, p99 3.4 ms, max 5.6 ms" over stopwatch tick durations.</summary>
    public static string Describe(IReadOnlyCollection<long> durations) => LatencySummary.Describe(durations.Select(Milliseconds));
}
