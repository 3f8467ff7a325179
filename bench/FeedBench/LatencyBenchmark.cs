using System.Diagnostics;
using System.Net;

namespace Hiroba.FeedBench;

/// <summary>
/// S subscribers on <c>/mqtt</c>; posts at a steady R per second; latency from sending the POST to each subscriber's
/// receipt. The first seconds are a warm-up, not measured: the services' JIT tiers up for a good while after start.
/// </summary>
public static class LatencyBenchmark
{
    private const string Topic = "feed.post-published";

    /// <param name="direct">Subscribers connect to the broker's websockets listener instead of the gateway's <c>/mqtt</c>.</param>
    /// <param name="nodeProcesses">Subscribers are mqtt.js clients in this many Node processes (<see cref="NodeSubscribers"/>), as
    /// heavy as browsers'; 0 keeps them in this program (<see cref="WebSocketSubscriber"/>).</param>
    public static async Task RunAsync(
        BenchStack stack, int subscriberCount, int rate, int posts, int warmUpSeconds, bool direct, int nodeProcesses,
        CancellationToken cancellationToken)
    {
        var mqttUri = direct ? stack.BrokerMqttUri : stack.GatewayMqttUri;
        var warmUp = rate * warmUpSeconds;
        var total = warmUp + posts;
        var sentAt = new long[total];
        var receipts = new List<(long Sequence, long Latency)>[subscriberCount];
        var subscribers = new List<IAsyncDisposable>();
        var pendingDeliveries = subscriberCount * total;
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < subscriberCount; i++)
        {
            receipts[i] = new List<(long, long)>(total);
        }
        // Each subscriber's receipts come from one thread at a time (its socket's reader, or its Node process's output).
        void Received(int subscriber, long sequence, long receivedAt)
        {
            if (sequence is >= 0 && sequence < total)
            {
                receipts[subscriber].Add((sequence, receivedAt - Volatile.Read(ref sentAt[sequence])));
                if (Interlocked.Decrement(ref pendingDeliveries) == 0)
                {
                    allReceived.TrySetResult();
                }
            }
        }
        try
        {
            if (nodeProcesses > 0)
            {
                subscribers.Add(await NodeSubscribers.StartAsync(mqttUri, Topic, subscriberCount, nodeProcesses, Received, cancellationToken));
            }
            else
            {
                for (var i = 0; i < subscriberCount; i++)
                {
                    var subscriber = i;
                    subscribers.Add(await WebSocketSubscriber.ConnectAsync(mqttUri, Topic, $"bench-sub-{i}", payload =>
                        Received(subscriber, PostSender.FindSequence(payload.Span), Stopwatch.GetTimestamp()), cancellationToken));
                }
            }

            using var sender = new PostSender(stack.GatewayUri);
            var postDurations = new long[total];
            var refused = 0;
            var requests = new List<Task>(total);
            var cpuBefore = stack.CpuUsed();
            var start = Stopwatch.GetTimestamp();
            var measuredStart = start;
            for (var sequence = 0; sequence < total; sequence++)
            {
                // Sleeping, not spinning, so the sender leaves the CPUs to the system under test; a late send is
                // measured from when it really went.
                var due = start + (long)(sequence * (double)Stopwatch.Frequency / rate);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }
                if (sequence == warmUp)
                {
                    cpuBefore = stack.CpuUsed();
                    measuredStart = Stopwatch.GetTimestamp();
                }
                var current = sequence;
                Volatile.Write(ref sentAt[current], Stopwatch.GetTimestamp());
                requests.Add(Task.Run(async () =>
                {
                    var status = await sender.PostAsync(current, cancellationToken);
                    postDurations[current] = Stopwatch.GetTimestamp() - sentAt[current];
                    if (status != HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref refused);
                    }
                }, cancellationToken));
            }
            var sendSeconds = Percentiles.Milliseconds(Stopwatch.GetTimestamp() - measuredStart) / 1000;
            await Task.WhenAll(requests);
            var complete = await Task.WhenAny(allReceived.Task, Task.Delay(TimeSpan.FromSeconds(60), cancellationToken)) == allReceived.Task;
            var cpu = stack.CpuUsed() - cpuBefore;

            var measured = receipts.SelectMany(r => r.Where(x => x.Sequence >= warmUp)).ToList();
            var perPostSlowest = measured.GroupBy(x => x.Sequence).Select(g => g.Max(x => x.Latency)).ToList();
            Console.WriteLine($"latency: {subscriberCount} {(nodeProcesses > 0 ? $"mqtt.js subscribers in {nodeProcesses} Node processes" : "subscribers")} on {(direct ? "the broker directly" : "the gateway's /mqtt")}, {rate} posts/s for {posts} posts (sent in {sendSeconds:0.0} s after {warmUp} warm-up posts), {refused} not 201, " +
                $"{(complete ? "every event reached every subscriber" : $"MISSING {Volatile.Read(ref pendingDeliveries)} deliveries")}");
            Console.WriteLine($"  POST sent -> event at a subscriber:     {Percentiles.Describe(measured.Select(x => x.Latency).ToList())}");
            Console.WriteLine($"  POST sent -> event at every subscriber: {Percentiles.Describe(perPostSlowest)}");
            Console.WriteLine($"  POST round trip (201):                  {Percentiles.Describe(postDurations[warmUp..])}");
            Console.WriteLine($"  {cpu.PerPost(posts)}");
        }
        finally
        {
            foreach (var subscriber in subscribers)
            {
                await subscriber.DisposeAsync();
            }
        }
    }
}
