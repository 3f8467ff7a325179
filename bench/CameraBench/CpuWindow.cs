namespace Hiroba.CameraBench;

/// <summary>CPU used over a window of time, in percent of one core, by each of several readers of CPU seconds.</summary>
public static class CpuWindow
{
    public static readonly TimeSpan Length = TimeSpan.FromSeconds(10);

    public static async Task<double[]> PercentAsync(params Func<double>[] cpuSeconds)
    {
        var before = cpuSeconds.Select(read => read()).ToArray();
        await Task.Delay(Length);
        return [.. cpuSeconds.Select((read, index) => (read() - before[index]) * 100 / Length.TotalSeconds)];
    }
}
