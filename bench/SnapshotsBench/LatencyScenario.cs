using System.Collections.Concurrent;
using System.Diagnostics;
using Hiroba.LocalComponents;

namespace Hiroba.SnapshotsBench;

/// <summary>
/// A realistic room: <c>guests</c> simulated guests each upload a 200 KB image every interval (spread evenly, as
/// guests start at different moments), a host watches the stream through the gateway. Latency is from the start of an
/// upload to the host reading that guest's <c>snapshot</c> event; the service's CPU is measured over the whole run
/// (after one warm-up upload per guest).
/// </summary>
public static class LatencyScenario
{
    /// <param name="direct">Upload and watch straight at the Snapshots service instead of through the gateway.</param>
    public static async Task RunAsync(
        WallBenchStack stack, int guests, int intervalSeconds, int imageBytes, TimeSpan duration, bool direct, CancellationToken cancellationToken)
    {
        var (roomId, hostKey) = await stack.CreateWorkshopAsync(intervalSeconds, cancellationToken);
        using var http = new HttpClient { BaseAddress = (direct ? stack.Snapshots : stack.Gateway).BaseUri };
        var simulated = await Task.WhenAll(Enumerable.Range(0, guests).Select(i => SimulatedGuest.JoinAsync(http, roomId, $"guest {i}", cancellationToken)));
        var image = SimulatedGuest.PngShapedImage(imageBytes);
        var started = new ConcurrentDictionary<string, long>();
        var latencies = new List<double>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var host = HostEventStream.ReadAsync(http, roomId, hostKey, (guestId, _) =>
        {
            if (started.TryRemove(guestId, out var at))
            {
                lock (latencies)
                {
                    latencies.Add(Measure.Milliseconds(at));
                }
            }
        }, stop.Token);

        // One upload each first, so that connections, JIT and the service's first write are not measured.
        await Task.WhenAll(simulated.Select(guest => guest.UploadAsync(image, cancellationToken)));
        await Task.Delay(1000, cancellationToken);
        lock (latencies)
        {
            latencies.Clear();
        }
        var interval = TimeSpan.FromSeconds(intervalSeconds);
        var cpuBefore = (Snapshots: Measure.CpuSeconds(stack.Snapshots), Gateway: Measure.CpuSeconds(stack.Gateway));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(simulated.Select(async (guest, index) =>
        {
            await Task.Delay(interval * index / guests, cancellationToken);
            using var timer = new PeriodicTimer(interval);
            do
            {
                started[guest.GuestId] = Stopwatch.GetTimestamp();
                await guest.UploadAsync(image, cancellationToken);
            }
            while (clock.Elapsed < duration && await timer.WaitForNextTickAsync(cancellationToken));
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var snapshotsCpu = Measure.CpuSeconds(stack.Snapshots) - cpuBefore.Snapshots;
        var gatewayCpu = Measure.CpuSeconds(stack.Gateway) - cpuBefore.Gateway;
        await Task.Delay(500, cancellationToken);
        await stop.CancelAsync();
        await host;

        Console.WriteLine($"latency{(direct ? " (straight to Snapshots)" : " (through the gateway)")}: {guests} guests every {intervalSeconds} s, {imageBytes / 1000} KB images, upload start to host event: {LatencySummary.Describe(latencies)}");
        Console.WriteLine(FormattableString.Invariant(
            $"  CPU over {seconds:0} s: snapshots {snapshotsCpu / seconds * 100:0.0} % of one core, gateway {gatewayCpu / seconds * 100:0.0} %; load average {ProcReadings.LoadAverages()}"));
    }
}
