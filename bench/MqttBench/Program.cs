using Hiroba.LocalComponents;
using Hiroba.MqttBench;
using Hiroba.Contracts;

// Starts a local mosquitto (production layout, authenticated internal listener), runs each scenario
// with Hiroba.Mqtt and with mosquitto_pub/mosquitto_sub, and prints a table.
// Usage: dotnet run -c Release --project bench/MqttBench [throughput messages] [latency seconds]
var directory = Directory.CreateTempSubdirectory("hiroba-mqttbench-");
try
{
    await using var broker = new MosquittoServer(new MosquittoOptions(
        directory.FullName, "bench", Secrets.Create(), PublicTopics.All));
    await broker.StartAsync(CancellationToken.None);
    var settings = BenchSettings.From(args, broker.Host, broker.Port, broker.ServiceUsername, broker.ServicePassword);
    var ours = new HirobaClientBenchmarks(settings);
    var cli = new MosquittoCliBenchmarks(settings);

    Console.WriteLine($"mosquitto on {broker.Host}:{broker.Port}; {settings.ThroughputMessages:N0} messages of {BenchSettings.PayloadSize} bytes per throughput run; " +
        $"latency: {settings.LatencyRate:N0} msg/s for {settings.LatencyDuration.TotalSeconds:0} s; {Environment.ProcessorCount} cores");
    Console.WriteLine("warming up...");
    await ours.Qos0ThroughputAsync(20_000);
    await ours.Qos1ThroughputAsync(8_000);

    Console.WriteLine("QoS 0 throughput...");
    var qos0 = (await ours.Qos0ThroughputAsync(settings.ThroughputMessages), await cli.Qos0ThroughputAsync(settings.ThroughputMessages));
    Console.WriteLine("QoS 1 throughput...");
    var qos1 = (await ours.Qos1ThroughputAsync(settings.ThroughputMessages / 4), await cli.Qos1ThroughputAsync(settings.ThroughputMessages / 4));
    Console.WriteLine("latency...");
    var latency = (await ours.LatencyAsync(), await cli.LatencyAsync());

    Console.WriteLine();
    ResultTable.Print(
    [
        ("QoS 0 throughput, 1 publisher (msg/s received)", qos0.Item1, qos0.Item2, ">= 50,000"),
        ($"QoS 1 throughput, {settings.Publishers} publishers (msg/s PUBACKed)", qos1.Item1.Acknowledged, qos1.Item2.Acknowledged, ">= 10,000"),
        ($"QoS 1 throughput, {settings.Publishers} publishers (msg/s received)", qos1.Item1.Received, qos1.Item2.Received, ">= 10,000"),
        ("QoS 1 latency p50 at 1,000 msg/s (ms)", latency.Item1.P50, latency.Item2.P50, ""),
        ("QoS 1 latency p99 at 1,000 msg/s (ms)", latency.Item1.P99, latency.Item2.P99, "< 2"),
        ("QoS 1 latency max at 1,000 msg/s (ms)", latency.Item1.Max, latency.Item2.Max, ""),
    ]);
}
finally
{
    directory.Delete(recursive: true);
}
