using System.Diagnostics;
using System.Globalization;

namespace Hiroba.MqttBench;

/// <summary>
/// Many QoS 1 runs of the full message count, alternating between the clients: a run is clean when every message
/// arrives within the deadline without a second-long gap in which the subscriber received under 1,000 messages while
/// messages were still outstanding (the "trickle": a subscriber that fell behind and then receives a few hundred a second).
/// </summary>
/// <param name="stall">When set, the subscriber's handler blocks this long once, at the 50,000th message, so that the
/// subscriber falls behind and the broker queues what arrives meanwhile.</param>
internal sealed class SoakRuns(BenchSettings settings, IReadOnlyList<IBenchClientLibrary> libraries, TimeSpan? stall = null)
{
    private const int TrickleRate = 1_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyDictionary<string, int>> RunAsync(int runs, int messages)
    {
        var clean = libraries.ToDictionary(library => library.Name, _ => 0);
        for (var run = 1; run <= runs; run++)
        {
            foreach (var library in libraries)
            {
                var outcome = await RunOnceAsync(library, messages);
                Console.WriteLine($"run {run,2} {library.Name,-12} {outcome}; load average {LoadAverage.Now}");
                if (outcome.IsClean)
                {
                    clean[library.Name]++;
                }
            }
        }

        return clean;
    }

    private async Task<SoakOutcome> RunOnceAsync(IBenchClientLibrary library, int messages)
    {
        var received = 0;
        await using var subscriber = await library.ConnectAsync(settings, _ =>
        {
            if (Interlocked.Increment(ref received) == 50_000 && stall is { } pause)
            {
                Thread.Sleep(pause);
            }
        });
        await using var publisher = await library.ConnectAsync(settings);
        var topic = settings.NewTopic("soak");
        await subscriber.SubscribeAsync(topic, qos: 1);
        var perPublisher = messages / settings.Publishers;
        var total = perPublisher * settings.Publishers;

        var start = Stopwatch.GetTimestamp();
        var publishing = Task.WhenAll(Enumerable.Range(0, settings.Publishers).Select(_ => Task.Run(async () =>
        {
            var payload = new byte[BenchSettings.PayloadSize];
            for (var i = 0; i < perPublisher; i++)
            {
                await publisher.PublishAsync(topic, payload, qos: 1);
            }
        })));

        TimeSpan? acknowledged = null;
        var perSecond = new List<int>();
        var lastCount = 0;
        var lastProgress = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref received) < total && Stopwatch.GetElapsedTime(start) < Deadline && Stopwatch.GetElapsedTime(lastProgress) < Stall)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            acknowledged ??= publishing.IsCompleted ? Stopwatch.GetElapsedTime(start) : null;
            var count = Volatile.Read(ref received);
            perSecond.Add(count - lastCount);
            if (count != lastCount)
            {
                lastProgress = Stopwatch.GetTimestamp();
            }

            lastCount = count;
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        await publishing.WaitAsync(TimeSpan.FromSeconds(30));
        // The last second is cut short by the final message, so it says nothing about the rate.
        var slowest = perSecond.Count > 1 ? perSecond[..^1].Min() : perSecond.FirstOrDefault();
        return new SoakOutcome(Volatile.Read(ref received), total, elapsed, acknowledged ?? elapsed, slowest, perSecond);
    }

    private sealed record SoakOutcome(int Received, int Total, TimeSpan Elapsed, TimeSpan Acknowledged, int SlowestSecond, List<int> PerSecond)
    {
        public bool IsClean => Received == Total && (SlowestSecond >= TrickleRate || PerSecond.Count <= 1);

        public override string ToString()
        {
            var text = string.Create(CultureInfo.InvariantCulture,
                $"{(IsClean ? "clean" : "NOT CLEAN")}: {Received:N0} of {Total:N0} in {Elapsed.TotalSeconds:0.0} s " +
                $"({Received / Elapsed.TotalSeconds:N0} msg/s received; all PUBACKed after {Acknowledged.TotalSeconds:0.0} s); slowest second {SlowestSecond:N0}");
            return IsClean ? text : $"{text}; per second: {string.Join(' ', PerSecond)}";
        }
    }
}
