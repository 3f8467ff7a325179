using System.Collections.Concurrent;

namespace Hiroba.Signaling.Connections;

/// <summary>
/// One loop for the timers of every connection (pings, silence timeouts) instead of a timer each: touched only
/// on connect and disconnect, never on the relay path.
/// </summary>
public sealed class KeepAliveSweeper(TimeProvider timeProvider) : BackgroundService
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<IKeepAlive, byte> _connections = new();

    public int Count => _connections.Count;

    public void Add(IKeepAlive connection) => _connections.TryAdd(connection, 0);

    public void Remove(IKeepAlive connection) => _connections.TryRemove(connection, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TickInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = timeProvider.GetTimestamp();
            foreach (var connection in _connections.Keys)
            {
                connection.Tick(now);
            }
        }
    }
}
