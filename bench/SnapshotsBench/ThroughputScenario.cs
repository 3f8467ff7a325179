using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Hiroba.LocalComponents;

namespace Hiroba.SnapshotsBench;

/// <summary>
/// Sustained uploads: <c>guests</c> simulated guests each upload 200 KB images back to back through the gateway for a
/// while, with one host watching the room's stream. Every upload is streamed to disk, renamed into place, recorded in
/// SQLite and announced to the host before it counts.
/// </summary>
public static class ThroughputScenario
{
    /// <param name="direct">Upload straight to the Snapshots service instead of through the gateway.</param>
    public static async Task RunAsync(WallBenchStack stack, int guests, int imageBytes, TimeSpan duration, bool direct, CancellationToken cancellationToken)
    {
        var (roomId, hostKey) = await stack.CreateWorkshopAsync(intervalSeconds: 1, cancellationToken);
        using var http = new HttpClient { BaseAddress = (direct ? stack.Snapshots : stack.Gateway).BaseUri };
        var simulated = await Task.WhenAll(Enumerable.Range(0, guests).Select(i => SimulatedGuest.JoinAsync(http, roomId, $"guest {i}", cancellationToken)));
        var image = SimulatedGuest.PngShapedImage(imageBytes);
        long events = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var host = HostEventStream.ReadAsync(http, roomId, hostKey, (_, _) => Interlocked.Increment(ref events), stop.Token);

        // A short warm-up, so JIT and connection set-up are not measured.
        await Task.WhenAll(simulated.Select(guest => guest.UploadAsync(image, cancellationToken)));
        var statuses = new ConcurrentDictionary<int, int>();
        var cpuBefore = (Snapshots: Measure.CpuSeconds(stack.Snapshots), Gateway: Measure.CpuSeconds(stack.Gateway));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(simulated.Select(async guest =>
        {
            while (clock.Elapsed < duration)
            {
                statuses.AddOrUpdate((int)await guest.UploadAsync(image, cancellationToken), 1, (_, count) => count + 1);
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var snapshotsCpu = Measure.CpuSeconds(stack.Snapshots) - cpuBefore.Snapshots;
        var gatewayCpu = Measure.CpuSeconds(stack.Gateway) - cpuBefore.Gateway;
        await stop.CancelAsync();
        await host;
        var stored = statuses.GetValueOrDefault((int)HttpStatusCode.Created);
        var answers = string.Join(", ", statuses.OrderBy(pair => pair.Key).Select(pair => FormattableString.Invariant($"{pair.Key}: {pair.Value}")));

        Console.WriteLine(FormattableString.Invariant(
            $"throughput{(direct ? " (straight to Snapshots)" : " (through the gateway)")}: {guests} guests, {imageBytes / 1000} KB images, {seconds:0.0} s: {stored / seconds:0} uploads/s stored (answers {answers}), {stored * (double)imageBytes / seconds / 1e6:0} MB/s"));
        Console.WriteLine(FormattableString.Invariant(
            $"  CPU per upload: snapshots {snapshotsCpu * 1000 / stored:0.00} ms, gateway {gatewayCpu * 1000 / stored:0.00} ms; host stream got {Interlocked.Read(ref events)} snapshot events; load average {ProcReadings.LoadAverages()}"));
    }
}
