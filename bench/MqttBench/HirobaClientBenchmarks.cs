using System.Buffers.Binary;
using System.Diagnostics;
using Hiroba.Mqtt;

namespace Hiroba.MqttBench;

/// <summary>The scenarios with Hiroba.Mqtt on both ends (a publishing client and a subscribing client).</summary>
internal sealed class HirobaClientBenchmarks(BenchSettings settings)
{
    public async Task<BenchResult> Qos0ThroughputAsync(int messages)
    {
        var counter = new ReceiveCounter(messages);
        await using var subscriber = await BenchClient.ConnectAsync(settings, (_, _) => Count(counter));
        await using var publisher = await BenchClient.ConnectAsync(settings);
        var topic = settings.NewTopic("qos0");
        await subscriber.SubscribeAsync(topic, MqttQos.AtMostOnce, CancellationToken.None);
        var payload = new byte[BenchSettings.PayloadSize];

        var cpu = CpuMeter.Start();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < messages; i++)
        {
            await publisher.PublishAsync(topic, payload, MqttQos.AtMostOnce);
        }

        await counter.WaitAsync();
        return BenchResult.Throughput(counter.Received, messages, Stopwatch.GetElapsedTime(start, counter.LastArrival)).WithNote(cpu.PerMessage(messages));
    }

    public async Task<(BenchResult Acknowledged, BenchResult Received)> Qos1ThroughputAsync(int messages)
    {
        var counter = new ReceiveCounter(messages);
        await using var subscriber = await BenchClient.ConnectAsync(settings, (_, _) => Count(counter));
        await using var publisher = await BenchClient.ConnectAsync(settings);
        var topic = settings.NewTopic("qos1");
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, CancellationToken.None);
        var perPublisher = messages / settings.Publishers;

        var cpu = CpuMeter.Start();
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, settings.Publishers).Select(_ => Task.Run(async () =>
        {
            var payload = new byte[BenchSettings.PayloadSize];
            for (var i = 0; i < perPublisher; i++)
            {
                await publisher.PublishAsync(topic, payload, MqttQos.AtLeastOnce);
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
        await using var subscriber = await BenchClient.ConnectAsync(settings, (message, _) =>
        {
            var latency = Stopwatch.GetElapsedTime(BinaryPrimitives.ReadInt64LittleEndian(message.Payload.Span)).TotalMilliseconds;
            samples[Math.Min(counter.Received, expected - 1)] = latency;
            counter.Add();
            return Task.CompletedTask;
        });
        await using var publisher = await BenchClient.ConnectAsync(settings);
        var topic = settings.NewTopic("latency");
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, CancellationToken.None);
        var pending = new List<Task>();

        await LatencyPacer.RunAsync(settings.LatencyRate, expected, _ =>
        {
            var payload = new byte[BenchSettings.PayloadSize];
            BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
            pending.Add(publisher.PublishAsync(topic, payload, MqttQos.AtLeastOnce));
            return Task.CompletedTask;
        });

        await Task.WhenAll(pending);
        await counter.WaitAsync();
        return LatencyResult.From(samples[..Math.Min(counter.Received, expected)], expected);
    }

    private static Task Count(ReceiveCounter counter)
    {
        counter.Add();
        return Task.CompletedTask;
    }
}
