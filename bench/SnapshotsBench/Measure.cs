using System.Diagnostics;
using Hiroba.LocalComponents;

namespace Hiroba.SnapshotsBench;

/// <summary>A component's CPU time, and percentiles of latencies.</summary>
public static class Measure
{
    public static double CpuSeconds(LocalComponent component) => ProcReadings.CpuSeconds(component.Process!.Id);

    public static string Percentiles(List<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return "no samples";
        }
        milliseconds.Sort();
        double At(double quantile) => milliseconds[Math.Clamp((int)Math.Ceiling(quantile * milliseconds.Count) - 1, 0, milliseconds.Count - 1)];
        return FormattableString.Invariant($"p50 {At(0.5):0.0} ms, p90 {At(0.9):0.0} ms, p99 {At(0.99):0.0} ms, max {milliseconds[^1]:0.0} ms ({milliseconds.Count} samples)");
    }

    public static double Milliseconds(long fromTimestamp) => Stopwatch.GetElapsedTime(fromTimestamp).TotalMilliseconds;
}
