using System.Collections.Concurrent;

namespace Hiroba.Signaling.Tests;

/// <summary>Answers every ping with pong in the background, remembering the other message types it saw.</summary>
public sealed class PongLoop : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _seen = new();

    public PongLoop(SignalingClient client, bool skipOthers)
    {
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested && !client.Closed.IsCompleted)
            {
                try
                {
                    var text = await client.ReceiveTextAsync(TimeSpan.FromSeconds(1));
                    if (text.Contains("\"ping\"", StringComparison.Ordinal))
                    {
                        await client.SendAsync(new { type = "pong" });
                    }
                    else if (!skipOthers)
                    {
                        _seen.Enqueue(text);
                    }
                }
                catch (Exception exception) when (exception is TimeoutException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
                {
                }
            }
        });
    }

    public Task WaitForAsync(string type) => Hiroba.TestSupport.Eventually.TrueAsync(
        () => Task.FromResult(_seen.Any(text => text.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal))), $"a {type} message arrives");

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
