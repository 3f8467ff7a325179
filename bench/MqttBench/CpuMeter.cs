using System.Diagnostics;

namespace Hiroba.MqttBench;

/// <summary>CPU time this process (both clients) spent per message: comparable between runs even on a busy machine.</summary>
internal readonly struct CpuMeter
{
    private readonly TimeSpan _start;

    private CpuMeter(TimeSpan start) => _start = start;

    public static CpuMeter Start() => new(Process.GetCurrentProcess().TotalProcessorTime);

    public string PerMessage(int messages) =>
        $"{(Process.GetCurrentProcess().TotalProcessorTime - _start).TotalMicroseconds / messages:0.0} µs CPU/msg";
}
