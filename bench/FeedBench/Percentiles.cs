using System.Diagnostics;

namespace Hiroba.FeedBench;

public static class Percentiles
{
    public static double Milliseconds(long stopwatchTicks) => stopwatchTicks * 1000.0 / Stopwatch.Frequency;

    /// <summary>"p50 1.2 ms, p99 3.4 ms, max 5.6 ms" over stopwatch tick durations.</summary>
    public static string Describe(IReadOnlyCollection<long> durations)
    {
        if (durations.Count == 0)
        {
            return "no samples";
        }
        var sorted = durations.Order().ToArray();
        string At(double quantile) => Milliseconds(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)]).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        return $"p50 {At(0.50)} ms, p90 {At(0.90)} ms, p99 {At(0.99)} ms, max {At(1.0)} ms ({sorted.Length} samples)";
    }
}
