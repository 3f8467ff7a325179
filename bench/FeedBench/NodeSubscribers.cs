using System.Globalization;
using Hiroba.LocalComponents;

namespace Hiroba.FeedBench;

/// <summary>
/// Subscribers as heavy as browsers': mqtt.js in Node (<c>web/subscribers.mjs</c>), split over a few processes as the
/// pages of several laptops would be. Each receipt reaches <c>onReceipt(subscriber, sequence, Stopwatch timestamp)</c>:
/// Node's <c>process.hrtime</c> and .NET's <c>Stopwatch</c> read the same monotonic clock.
/// </summary>
public sealed class NodeSubscribers : IAsyncDisposable
{
    private const string ReadyLine = "ready";
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);
    private readonly List<ChildProcess> _processes = [];

    public static async Task<NodeSubscribers> StartAsync(
        Uri mqttUri, string topic, int subscriberCount, int processCount, Action<int, long, long> onReceipt, CancellationToken cancellationToken)
    {
        var script = Path.Combine(RepositoryRoot.Find(), "bench", "FeedBench", "web", "subscribers.mjs");
        var subscribers = new NodeSubscribers();
        try
        {
            for (var index = 0; index < processCount; index++)
            {
                var first = subscriberCount * index / processCount;
                var count = (subscriberCount * (index + 1) / processCount) - first;
                var process = ChildProcess.Start(new ChildProcessOptions(
                    $"subscribers-{index}", "node", [script, mqttUri.ToString(), $"{count}", topic, $"bench-node-{index}"],
                    OnOutputLine: line => Parse(line, first, onReceipt), OutputLinesKept: 20));
                subscribers._processes.Add(process);
            }
            await Task.WhenAll(subscribers._processes.Select(process => process.WaitUntilReadyAsync(
                "its subscribers", _ => Task.FromResult(process.RecentOutput.Contains(ReadyLine)), ConnectTimeout, cancellationToken)));
            return subscribers;
        }
        catch
        {
            await subscribers.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    /// <summary>"client sequence timestamp"; anything else (ready, errors) stays in the process's recent output.</summary>
    private static void Parse(string line, int firstSubscriber, Action<int, long, long> onReceipt)
    {
        var parts = line.Split(' ');
        if (parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var client)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var receivedAt))
        {
            onReceipt(firstSubscriber + client, sequence, receivedAt);
        }
    }
}
