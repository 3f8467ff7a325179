using System.Buffers.Binary;
using System.Diagnostics;

namespace Hiroba.MqttBench;

/// <summary>The scenarios with one client library on both ends (a publishing client and a subscribing client).</summary>
internal sealed class ClientBenchmarks(BenchSettings settings, IBenchClientLibrary library)
{
    public string Name => library.Name;

    public async Task<BenchResult> Qos0ThroughputAsync(int messages)
    {
        var counter = new ReceiveCounter(messages);
        await using var subscriber = await library.ConnectAsync(settings, _ => counter.Add());
        await using var publisher = await library.ConnectAsync(settings);
        var topic = settings.NewTopic("qos0");
        await subscriber.SubscribeAsync(topic, qos: 0);
        var payload = new byte[BenchSettings.PayloadSize];

        var cpu = CpuMeter.Start();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < messages; i++)
        {
            await publisher.PublishAsync(topic, payload, qos: 0);
        }

        await counter.WaitAsync();
        return BenchResult.Throughput(counter.Received, messages, Stopwatch.GetElapsedTime(start, counter.LastArrival)).WithNote(cpu.PerMessage(messages));
    }

    public async Task<(BenchResult Acknowledged, BenchResult Received)> Qos1ThroughputAsync(int messages)
    {
        var counter = new ReceiveCounter(messages);
        await using var subscriber = await library.ConnectAsync(settings, _ => counter.Add());
        await using var publisher = await library.ConnectAsync(settings);
        var topic = settings.NewTopic("qos1");
        await subscriber.SubscribeAsync(topic, qos: 1);
        var perPublisher = messages / settings.Publishers;

        var cpu = CpuMeter.Start();
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, settings.Publishers).Select(_ => Task.Run(async () =>
        {
            var payload = new byte[BenchSettings.PayloadSize];
            for (var i = 0; i < perPublisher; i++)
            {
                await publisher.PublishAsync(topic, payload, qos: 1);
            }
        })));
        var acknowledged = BenchResult.Throughput(perPublisher * settings.Publishers, perPublisher * settings.Publishers, Stopwatch.GetElapsedTime(start));

        await counter.WaitAsync();
        var received = BenchResult.Throughput(counter.Received, perPublisher * settings.Publishers, Stopwatch.GetElapsedTime(start, counter.LastArrival));
        return (acknowledged, received.WithNote(cpu.PerMessage(counter.Received)));
    }

    /// <summary>QoS 1 publish to QoS 1 subscription at a steady rate; the payload carries the send time.</summary>
    public async Task<LatencyResult> LatencyAsync()
    {
        var expected = settings.LatencyMessages;
        var samples = new double[expected];
        var counter = new ReceiveCounter(expected);
        await using var subscriber = await library.ConnectAsync(settings, payload =>
        {
            var latency = Stopwatch.GetElapsedTime(BinaryPrimitives.ReadInt64LittleEndian(payload)).TotalMilliseconds;
            samples[Math.Min(counter.Received, expected - 1)] = latency;
            counter.Add();
        });
        await using var publisher = await library.ConnectAsync(settings);
        var topic = settings.NewTopic("latency");
        await subscriber.SubscribeAsync(topic, qos: 1);
        var pending = new List<Task>();

        await LatencyPacer.RunAsync(settings.LatencyRate, expected, _ =>
        {
            var payload = new byte[BenchSettings.PayloadSize];
            BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
            pending.Add(publisher.PublishAsync(topic, payload, qos: 1));
            return Task.CompletedTask;
        });

        await Task.WhenAll(pending);
        await counter.WaitAsync();
        return LatencyResult.From(samples[..Math.Min(counter.Received, expected)], expected);
    }
}
