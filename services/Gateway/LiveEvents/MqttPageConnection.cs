using System.Net;

namespace Hiroba.Gateway.LiveEvents;

/// <summary>
/// One page's <c>/mqtt</c> connection as the cap counts it (<see cref="MqttConnectionShares"/>), from its admission
/// until its request ends, which disposes it and gives its place back.
/// </summary>
internal sealed class MqttPageConnection : IDisposable
{
    private readonly MqttConnectionShares _shares;
    // Never disposed: it holds nothing to free, and whoever takes this place cancels it outside the shares' lock, maybe
    // just as this connection ends.
    private readonly CancellationTokenSource _eviction = new();

    public MqttPageConnection(MqttConnectionShares shares, IPAddress client)
    {
        _shares = shares;
        Client = client;
        Place = new LinkedListNode<MqttPageConnection>(this);
    }

    public IPAddress Client { get; }

    /// <summary>Canceled when the connection has lost its place to a page from another address and must close.</summary>
    public CancellationToken Evicted => _eviction.Token;

    /// <summary>Its place among its address's connections, oldest first.</summary>
    public LinkedListNode<MqttPageConnection> Place { get; }

    /// <summary>Tells the connection to close (it no longer counts).</summary>
    public void Evict() => _eviction.Cancel();

    public void Dispose() => _shares.Release(this);
}
