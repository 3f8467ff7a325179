using System.Diagnostics;
using System.Globalization;
using Hiroba.LocalComponents;

namespace Hiroba.SnapshotsBench;

/// <summary>Process CPU time and the machine's load from /proc, and percentiles of latencies.</summary>
public static class Measure
{
    /// <summary>User plus system CPU seconds a process has used (fields 14 and 15 of /proc/PID/stat).</summary>
    public static double CpuSeconds(LocalComponent component)
    {
        var afterName = File.ReadAllText($"/proc/{component.Process!.Id}/stat").Split(") ")[^1].Split(' ');
        var ticks = long.Parse(afterName[11], CultureInfo.InvariantCulture) + long.Parse(afterName[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    /// <summary>The 1-, 5- and 15-minute load averages, as /proc/loadavg has them.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

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
