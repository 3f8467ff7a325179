namespace Hiroba.MqttBench;

/// <summary>The machine's 1-minute load average (/proc/loadavg), printed beside the numbers it colours.</summary>
internal static class LoadAverage
{
    public static string Now => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
