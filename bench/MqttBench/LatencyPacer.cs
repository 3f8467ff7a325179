using System.Diagnostics;

namespace Hiroba.MqttBench;

/// <summary>Calls a send action at a steady rate (catching up in small bursts when a timer tick comes late).</summary>
internal static class LatencyPacer
{
    public static async Task RunAsync(int rate, int total, Func<int, Task> send)
    {
        var start = Stopwatch.GetTimestamp();
        var sent = 0;
        while (sent < total)
        {
            var due = Math.Min(total, (int)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
            for (; sent < due; sent++)
            {
                await send(sent);
            }

            await Task.Delay(1);
        }
    }
}
