using System.Net;
using Microsoft.Extensions.Options;

namespace Hiroba.Gateway.LiveEvents;

/// <summary>
/// The open <c>/mqtt</c> connections by client address, at most <see cref="LiveEventsOptions.MaxConnections"/>.
/// Below the cap every page gets in. At the cap a page gets in by taking the place of the oldest connection of the
/// address that holds the most, when that address holds more than the newcomer's would then hold; otherwise (a tie) it is
/// refused. So one address may fill the room's spare places, yet cannot keep out a page from another address, and a
/// classroom behind one NAT keeps its fair share of places. O(log n) in the number of addresses per admission or release.
/// </summary>
internal sealed class MqttConnectionShares(IOptions<LiveEventsOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, AddressShare> _byAddress = [];
    private readonly SortedSet<AddressShare> _bySize = new(AddressShare.BySize);
    private int _open;
    private long _sharesMade;

    /// <summary>Counts a new connection from <paramref name="client"/> if it may open.</summary>
    /// <returns>The admitted connection (null when refused) and the connection whose place it took, which must close.</returns>
    public (MqttPageConnection? Admitted, MqttPageConnection? Evicted) Admit(IPAddress client)
    {
        lock (_lock)
        {
            var share = _byAddress.GetValueOrDefault(client);
            MqttPageConnection? evicted = null;
            if (_open >= options.Value.MaxConnections)
            {
                var largest = _bySize.Max!;
                if (largest.Connections.Count <= (share?.Connections.Count ?? 0) + 1)
                {
                    return (null, null);
                }
                evicted = largest.Connections.First!.Value;
                Remove(evicted);
            }
            if (share is null)
            {
                share = new AddressShare(++_sharesMade);
                _byAddress.Add(client, share);
            }
            var admitted = new MqttPageConnection(this, client);
            // The set is ordered by size, so a share leaves it while its size changes.
            _bySize.Remove(share);
            share.Connections.AddLast(admitted.Place);
            _bySize.Add(share);
            _open++;
            return (admitted, evicted);
        }
    }

    /// <summary>Gives back the place of a connection that ended (nothing when it was evicted: its place is taken).</summary>
    public void Release(MqttPageConnection connection)
    {
        lock (_lock)
        {
            if (connection.Place.List is not null)
            {
                Remove(connection);
            }
        }
    }

    private void Remove(MqttPageConnection connection)
    {
        var share = _byAddress[connection.Client];
        _bySize.Remove(share);
        share.Connections.Remove(connection.Place);
        if (share.Connections.Count > 0)
        {
            _bySize.Add(share);
        }
        else
        {
            _byAddress.Remove(connection.Client);
        }
        _open--;
    }

    private sealed class AddressShare(long order)
    {
        /// <summary>By connection count, then by first arrival (any order would do between equals; a set needs one).</summary>
        public static readonly IComparer<AddressShare> BySize = Comparer<AddressShare>.Create((a, b) =>
            a.Connections.Count != b.Connections.Count
                ? a.Connections.Count.CompareTo(b.Connections.Count)
                : a._order.CompareTo(b._order));

        private readonly long _order = order;

        /// <summary>Oldest first.</summary>
        public LinkedList<MqttPageConnection> Connections { get; } = new();
    }
}
