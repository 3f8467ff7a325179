using System.Diagnostics;
using System.Net;

namespace Hiroba.FeedBench;

/// <summary>As many posts as C concurrent clients get accepted through the gateway, and how fast their events come out.</summary>
public static class ThroughputBenchmark
{
    public static async Task RunAsync(BenchStack stack, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        long delivered = 0;
        long lastDelivery = 0;
        await using var subscriber = await WebSocketSubscriber.ConnectAsync(stack.GatewayMqttUri, "feed.post-published", "bench-throughput", _ =>
        {
            Interlocked.Increment(ref delivered);
            Volatile.Write(ref lastDelivery, Stopwatch.GetTimestamp());
        }, cancellationToken);
        using var sender = new PostSender(stack.GatewayUri);

        long accepted = 0;
        long refused = 0;
        long sequence = 0;
        var cpuBefore = stack.CpuUsed();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var status = await sender.PostAsync(Interlocked.Increment(ref sequence), cancellationToken);
                Interlocked.Increment(ref status == HttpStatusCode.Created ? ref accepted : ref refused);
            }
        }, cancellationToken)));
        var sendSeconds = Percentiles.Milliseconds(Stopwatch.GetTimestamp() - start) / 1000;

        var drainDeadline = Stopwatch.GetTimestamp() + 120 * Stopwatch.Frequency;
        while (Interlocked.Read(ref delivered) < accepted && Stopwatch.GetTimestamp() < drainDeadline)
        {
            await Task.Delay(50, cancellationToken);
        }
        var cpu = stack.CpuUsed() - cpuBefore;
        var deliverSeconds = Percentiles.Milliseconds(Volatile.Read(ref lastDelivery) - start) / 1000;
        Console.WriteLine($"throughput: {concurrency} concurrent clients through the gateway for {sendSeconds:0.0} s");
        Console.WriteLine($"  accepted (201): {accepted} = {accepted / sendSeconds:0} posts/s; refused: {refused}");
        Console.WriteLine($"  events delivered: {Interlocked.Read(ref delivered)}, the last {deliverSeconds:0.0} s after the start " +
            $"({Interlocked.Read(ref delivered) / deliverSeconds:0} events/s out of the outbox)");
        Console.WriteLine($"  {cpu.PerPost(accepted)}");
    }
}
