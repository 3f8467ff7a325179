using System.Globalization;

namespace Hiroba.LocalComponents;

/// <summary>How the benchmarks print a set of latencies.</summary>
public static class LatencySummary
{
    /// <summary>"p50 1.2 ms, p90 2.3 ms, p99 3.4 ms, max 5.6 ms (1000 samples)" (nearest-rank percentiles).</summary>
    public static string Describe(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return "no samples";
        }
        string At(double quantile) =>
            sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)].ToString("0.0", CultureInfo.InvariantCulture);
        return $"p50 {At(0.50)} ms, p90 {At(0.90)} ms, p99 {At(0.99)} ms, max {At(1.0)} ms ({sorted.Length} samples)";
    }
}
