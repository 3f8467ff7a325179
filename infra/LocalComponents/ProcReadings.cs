using System.Globalization;

namespace Hiroba.LocalComponents;

/// <summary>What Linux's <c>/proc</c> says about a process and the machine, for benchmarks that measure local components.</summary>
public static class ProcReadings
{
    /// <summary>User plus system CPU seconds the process has used (fields 14 and 15 of <c>/proc/PID/stat</c>, in 1/100 s).</summary>
    public static double CpuSeconds(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>
    /// The CPU seconds of the processes that run now among <paramref name="roots"/> and their descendants (a server that
    /// forks a process per connection, a browser); a process that ended meanwhile no longer counts.
    /// </summary>
    public static double TreeCpuSeconds(IEnumerable<int> roots) => WithDescendants(roots).Sum(pid =>
    {
        try
        {
            return CpuSeconds(pid);
        }
        catch (IOException)
        {
            return 0;
        }
    });

    /// <summary>The processes that run now among <paramref name="roots"/> and under them.</summary>
    public static IEnumerable<int> WithDescendants(IEnumerable<int> roots)
    {
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && ParentOf(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }
        var rootSet = roots.ToHashSet();
        return parents.Keys.Where(pid => Ancestry(pid, parents).Any(rootSet.Contains)).ToList();
    }

    private static IEnumerable<int> Ancestry(int pid, Dictionary<int, int> parents)
    {
        for (var current = pid; current > 1; current = parents.GetValueOrDefault(current))
        {
            yield return current;
        }
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The process's resident memory (<c>VmRSS</c> in <c>/proc/PID/status</c>).</summary>
    public static long ResidentBytes(int processId) => StatusBytes(processId, "VmRSS:");

    /// <summary>The most resident memory the process has had so far (<c>VmHWM</c> in <c>/proc/PID/status</c>).</summary>
    public static long PeakResidentBytes(int processId) => StatusBytes(processId, "VmHWM:");

    private static long StatusBytes(int processId, string field)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The 1-, 5- and 15-minute load averages, e.g. <c>0.52 0.61 0.70</c>.</summary>
    public static string LoadAverages() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>The 1-minute load average.</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
