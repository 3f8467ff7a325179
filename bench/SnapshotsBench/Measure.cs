using System.Diagnostics;
using Hiroba.LocalComponents;

namespace Hiroba.SnapshotsBench;

/// <summary>A component's CPU time, and the time since a timestamp.</summary>
public static class Measure
{
    public static double CpuSeconds(BenchProcess process) => ProcReadings.CpuSeconds(process.ProcessId);

    public static double Milliseconds(long fromTimestamp) => Stopwatch.GetElapsedTime(fromTimestamp).TotalMilliseconds;
}
