using Hiroba.Contracts;
using Hiroba.LocalComponents;
using Hiroba.MqttBench;

// Starts a local mosquitto (production layout, authenticated internal listener), runs each scenario with each client
// library (MQTTnet) and with mosquitto_pub/mosquitto_sub, and prints a table side by side.
// Usage: dotnet run -c Release --project bench/MqttBench [throughput messages] [latency seconds]
//        dotnet run -c Release --project bench/MqttBench soak [runs] [messages] [stall ms]   (QoS 1 runs, the client libraries alternating)
var directory = Directory.CreateTempSubdirectory("hiroba-mqttbench-");
try
{
    await using var broker = new MosquittoServer(new MosquittoOptions(
        directory.FullName, "bench", Secrets.Create(), PublicTopics.All));
    await broker.StartAsync(CancellationToken.None);
    var soak = args.FirstOrDefault() == "soak";
    var settings = BenchSettings.From(soak ? [] : args, broker.Host, broker.Port, broker.ServiceUsername, broker.ServicePassword);
    IBenchClientLibrary[] libraries = [new MqttNetLibrary()];
    Console.WriteLine($"mosquitto on {broker.Host}:{broker.Port}; {Environment.ProcessorCount} cores; load average {LoadAverage.Now}");

    if (soak)
    {
        var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
        var messages = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200_000;

        Console.WriteLine($"{runs} QoS 1 runs of {messages:N0} messages ({settings.Publishers} publishers) per client");
        TimeSpan? stall = args.Length > 3 ? TimeSpan.FromMilliseconds(int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)) : null;
        var clean = await new SoakRuns(settings, libraries, stall).RunAsync(runs, messages);
        Console.WriteLine(string.Join("; ", clean.Select(c => $"{c.Key}: {c.Value} of {runs} clean")) + $"; load average {LoadAverage.Now}");
        return;
    }

    var clients = libraries.Select(library => new ClientBenchmarks(settings, library)).ToArray();
    var cli = new MosquittoCliBenchmarks(settings, libraries[0]);
    Console.WriteLine($"{settings.ThroughputMessages:N0} messages of {BenchSettings.PayloadSize} bytes per throughput run; " +
        $"latency: {settings.LatencyRate:N0} msg/s for {settings.LatencyDuration.TotalSeconds:0} s");
    Console.WriteLine("warming up...");
    foreach (var client in clients)
    {
        await client.Qos0ThroughputAsync(20_000);
        await client.Qos1ThroughputAsync(8_000);
    }

    Console.WriteLine($"QoS 0 throughput... (load average {LoadAverage.Now})");
    var qos0 = new List<BenchResult>();
    foreach (var client in clients)
    {
        qos0.Add(await client.Qos0ThroughputAsync(settings.ThroughputMessages));
    }

    qos0.Add(await cli.Qos0ThroughputAsync(settings.ThroughputMessages));
    Console.WriteLine($"QoS 1 throughput... (load average {LoadAverage.Now})");
    var qos1 = new List<(BenchResult Acknowledged, BenchResult Received)>();
    foreach (var client in clients)
    {
        qos1.Add(await client.Qos1ThroughputAsync(settings.ThroughputMessages / 4));
    }

    qos1.Add(await cli.Qos1ThroughputAsync(settings.ThroughputMessages / 4));
    Console.WriteLine($"latency... (load average {LoadAverage.Now})");
    var latency = new List<LatencyResult>();
    foreach (var client in clients)
    {
        latency.Add(await client.LatencyAsync());
    }

    latency.Add(await cli.LatencyAsync());
    Console.WriteLine($"done (load average {LoadAverage.Now})");

    Console.WriteLine();
    ResultTable.Print(
        [.. clients.Select(c => c.Name), "mosquitto_pub/sub"],
        [
            ("QoS 0 throughput, 1 publisher (msg/s received)", qos0, ">= 50,000"),
            ($"QoS 1 throughput, {settings.Publishers} publishers (msg/s PUBACKed)", [.. qos1.Select(r => r.Acknowledged)], ">= 10,000"),
            ($"QoS 1 throughput, {settings.Publishers} publishers (msg/s received)", [.. qos1.Select(r => r.Received)], ">= 10,000"),
            ("QoS 1 latency p50 at 1,000 msg/s (ms)", [.. latency.Select(r => r.P50)], ""),
            ("QoS 1 latency p99 at 1,000 msg/s (ms)", [.. latency.Select(r => r.P99)], "< 2"),
            ("QoS 1 latency max at 1,000 msg/s (ms)", [.. latency.Select(r => r.Max)], ""),
        ]);
}
finally
{
    directory.Delete(recursive: true);
}
