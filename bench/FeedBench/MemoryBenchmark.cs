using System.Net;

namespace Hiroba.FeedBench;

/// <summary>The Feed process's resident memory while the store grows to N posts.</summary>
public static class MemoryBenchmark
{
    public static async Task RunAsync(BenchStack stack, int posts, int concurrency, CancellationToken cancellationToken)
    {
        using var sender = new PostSender(stack.GatewayUri);
        using var reader = new HttpClient { BaseAddress = stack.GatewayUri };
        var step = posts / 4;
        long sequence = 0;
        Console.WriteLine($"memory: Feed service resident memory while {posts} posts are stored ({concurrency} concurrent clients)");
        for (var stored = 0; stored < posts; stored += step)
        {
            var target = stored + step;
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                for (var next = Interlocked.Increment(ref sequence); next <= target; next = Interlocked.Increment(ref sequence))
                {
                    if (await sender.PostAsync(next, cancellationToken) != HttpStatusCode.Created)
                    {
                        throw new InvalidOperationException("A post was refused.");
                    }
                }
            }, cancellationToken)));
            Interlocked.Exchange(ref sequence, target);
            // Reading pages too, as open feed pages would.
            for (var i = 0; i < 50; i++)
            {
                (await reader.GetAsync("/api/feed/posts?limit=100", cancellationToken)).Dispose();
            }
            Console.WriteLine($"  {target,7} posts: RSS {Mebibytes(stack.FeedResidentBytes())} MiB, " +
                $"database {Mebibytes(FileLength(stack.DatabasePath))} MiB + write-ahead log {Mebibytes(FileLength(stack.DatabasePath + "-wal"))} MiB");
        }
    }

    private static long FileLength(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private static string Mebibytes(long bytes) => (bytes / 1024.0 / 1024).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
