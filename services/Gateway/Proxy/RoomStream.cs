namespace Hiroba.Gateway.Proxy;

/// <summary>
/// A request the gateway proxies to the owner of its room (<see cref="RoomOwnerPolicy"/>), which
/// <see cref="RoomStreamHandover"/> ends when it is an event stream and the room has another owner now. It can be ended only
/// while it runs: once it finished, its context may already serve another request.
/// </summary>
public sealed class RoomStream(HttpContext context, string clusterId, string room, string destinationId)
{
    private readonly Lock _gate = new();
    private bool _isEventStream;
    private bool _finished;

    public string ClusterId { get; } = clusterId;

    public string Room { get; } = room;

    /// <summary>The process it reached.</summary>
    public string DestinationId { get; } = destinationId;

    /// <summary>Called as the response starts: an event stream stays open until one side ends it.</summary>
    public void Started(string? contentType)
    {
        lock (_gate)
        {
            _isEventStream = !_finished && contentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true;
        }
    }

    public void Finished()
    {
        lock (_gate)
        {
            _finished = true;
        }
    }

    /// <summary>Ends the client's connection (the page reconnects, and reaches the room's owner); false unless it is a running event stream.</summary>
    public bool TryEnd()
    {
        lock (_gate)
        {
            if (!_isEventStream || _finished)
            {
                return false;
            }
            _finished = true;
            context.Abort();
            return true;
        }
    }
}
