using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Hiroba.MqttBench;

/// <summary>
/// The same scenarios with mosquitto's own command-line clients: <c>mosquitto_pub -l</c> publishes
/// one message per stdin line, <c>mosquitto_sub</c> prints one line per message, which this program
/// counts (throughput) or timestamps with <c>%U</c> (latency).
/// </summary>
internal sealed class MosquittoCliBenchmarks(BenchSettings settings, IBenchClientLibrary prober)
{
    private const string ProbePayload = "probe";

    public async Task<BenchResult> Qos0ThroughputAsync(int messages) =>
        (await ThroughputAsync("cli-qos0", qos: 0, publishers: 1, messages)).Received;

    /// <summary>Each mosquitto_pub gets <c>-M 1</c> (one message in flight), like each of the client's publishers awaiting its PUBACK.</summary>
    public Task<(BenchResult Acknowledged, BenchResult Received)> Qos1ThroughputAsync(int messages) =>
        ThroughputAsync("cli-qos1", qos: 1, settings.Publishers, messages);

    /// <summary>QoS 1 at a steady rate; each stdin line carries its send time, mosquitto_sub prints its receive time.</summary>
    public async Task<LatencyResult> LatencyAsync()
    {
        var topic = settings.NewTopic("cli-latency");
        await using var subscriber = StartSubscriber(topic, qos: 1, "%U %p");
        await WaitUntilSubscribedAsync(subscriber, topic);
        var expected = settings.LatencyMessages;
        var samples = new List<double>(expected);
        var counter = new ReceiveCounter(expected);
        _ = Task.Run(async () =>
        {
            while (await subscriber.Output.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ', 3);
                if (parts.Length == 3 && parts[1] == "sent")
                {
                    var received = decimal.Parse(parts[0], CultureInfo.InvariantCulture);
                    var sent = decimal.Parse(parts[2][..parts[2].IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                    samples.Add((double)((received - sent) * 1000m));
                    counter.Add();
                }
            }
        });

        await using var publisher = StartPublisher(topic, qos: 1);
        await LatencyPacer.RunAsync(settings.LatencyRate, expected, async _ =>
        {
            var now = DateTime.UtcNow - DateTime.UnixEpoch;
            var line = $"sent {now.Ticks / (decimal)TimeSpan.TicksPerSecond:0.0000000} ";
            await publisher.Input.WriteLineAsync(line.PadRight(BenchSettings.PayloadSize, 'x'));
            await publisher.Input.FlushAsync();
        });

        await counter.WaitAsync();
        publisher.Input.Close();
        return LatencyResult.From([.. samples], expected);
    }

    /// <returns>How fast the publishers got everything acknowledged (they exit after the last PUBACK) and how fast mosquitto_sub received.</returns>
    private async Task<(BenchResult Acknowledged, BenchResult Received)> ThroughputAsync(string scenario, int qos, int publishers, int messages)
    {
        var topic = settings.NewTopic(scenario);
        await using var subscriber = StartSubscriber(topic, qos, "%l");
        await WaitUntilSubscribedAsync(subscriber, topic);
        var counter = new ReceiveCounter(messages);
        var payloadLength = BenchSettings.PayloadSize.ToString(CultureInfo.InvariantCulture);
        _ = Task.Run(async () =>
        {
            while (await subscriber.Output.ReadLineAsync() is { } line)
            {
                if (line == payloadLength)
                {
                    counter.Add();
                }
            }
        });

        var perPublisher = messages / publishers;
        var input = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(new string('x', BenchSettings.PayloadSize) + "\n", perPublisher)));
        var processes = Enumerable.Range(0, publishers).Select(_ => StartPublisher(topic, qos)).ToArray();
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(processes.Select(async process =>
        {
            await process.Input.BaseStream.WriteAsync(input);
            process.Input.Close();
        }));

        await Task.WhenAll(processes.Select(p => p.WaitForExitAsync(CancellationToken.None)));
        var sent = perPublisher * publishers;
        var acknowledged = BenchResult.Throughput(sent, sent, Stopwatch.GetElapsedTime(start));
        await counter.WaitAsync();
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }

        return (acknowledged, BenchResult.Throughput(counter.Received, sent, Stopwatch.GetElapsedTime(start, counter.LastArrival)));
    }

    private CliProcess StartSubscriber(string topic, int qos, string format) =>
        CliProcess.Start("mosquitto_sub", [.. Connection(), "-t", topic, "-q", Qos(qos), "-F", format]);

    private CliProcess StartPublisher(string topic, int qos) =>
        CliProcess.Start("mosquitto_pub", [.. Connection(), "-t", topic, "-q", Qos(qos), "-M", "1", "-l", "--nodelay"]);

    private string[] Connection() =>
        ["-h", settings.Host, "-p", settings.Port.ToString(CultureInfo.InvariantCulture), "-u", settings.Username, "-P", settings.Password];

    private static string Qos(int qos) => qos.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// mosquitto_sub cannot say when its subscription is active, so probe messages are published
    /// until one comes out; the counting loops skip the probes still in flight by their shape.
    /// </summary>
    private async Task WaitUntilSubscribedAsync(CliProcess subscriber, string topic)
    {
        await using var client = await prober.ConnectAsync(settings);
        var firstLine = subscriber.Output.ReadLineAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!firstLine.IsCompleted)
        {
            await client.PublishAsync(topic, Encoding.ASCII.GetBytes(ProbePayload), qos: 1).WaitAsync(timeout.Token);
            await Task.WhenAny(firstLine, Task.Delay(50, timeout.Token));
        }
    }
}
