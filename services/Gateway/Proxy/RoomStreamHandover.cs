using System.Collections.Concurrent;
using Yarp.ReverseProxy;

namespace Hiroba.Gateway.Proxy;

/// <summary>
/// Moves a room's event streams along with the room. <see cref="RoomOwnerPolicy"/> sends a room's new requests to its new
/// owner as soon as the cluster's healthy destinations change (a process left, or came back), but a host's wall stream
/// opened before stays with the process it reached, which hears nothing of the room any more. Every
/// <see cref="CheckInterval"/> this ends the streams whose process no longer owns their room; the page reconnects and
/// reaches the owner.
/// </summary>
public sealed partial class RoomStreamHandover(IProxyStateLookup proxyState, TimeProvider timeProvider, ILogger<RoomStreamHandover> logger)
    : BackgroundService
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<RoomStream, byte> _running = new();

    /// <summary>Proxies the request (<paramref name="next"/>) as <paramref name="stream"/>, which may be ended meanwhile.</summary>
    public async Task RunAsync(HttpContext context, RoomStream stream, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.Response.OnStarting(() =>
        {
            stream.Started(context.Response.ContentType);
            return Task.CompletedTask;
        });
        _running.TryAdd(stream, 0);
        try
        {
            await next();
        }
        finally
        {
            stream.Finished();
            _running.TryRemove(stream, out _);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            EndStreamsOfFormerOwners();
        }
    }

    private void EndStreamsOfFormerOwners()
    {
        foreach (var stream in _running.Keys)
        {
            if (proxyState.TryGetCluster(stream.ClusterId, out var cluster)
                && RoomOwnerPolicy.OwnerOf(stream.Room, cluster.DestinationsState.AvailableDestinations) is { } owner
                && owner.DestinationId != stream.DestinationId
                && stream.TryEnd())
            {
                LogStreamEnded(logger, stream.Room, stream.DestinationId, owner.DestinationId);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Ended an event stream of room {Room} at {Former}: the room's owner is {Owner} now")]
    private static partial void LogStreamEnded(ILogger logger, string room, string former, string owner);
}
