using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hiroba.Signaling.Limits;

/// <summary>
/// What one client address may do: join so many times per window, and have so many ad-hoc rooms open at once (a room
/// counts from its first peer until it ends). An IPv6 client counts by its /64 network, which one host can fill.
/// </summary>
public sealed class ClientAddressLimits : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _joins;
    private readonly PartitionedRateLimiter<IPAddress> _adHocRooms;

    public ClientAddressLimits(IOptions<JoinRateLimitOptions> joins, IOptions<SignalingOptions> signaling)
    {
        var joinLimit = joins.Value;
        var roomLimit = signaling.Value.AdHocRoomsPerAddress;
        _joins = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(
            address, _ => new FixedWindowRateLimiterOptions { PermitLimit = joinLimit.PermitLimit, Window = joinLimit.Window, QueueLimit = 0 }));
        _adHocRooms = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetConcurrencyLimiter(
            address, _ => new ConcurrencyLimiterOptions { PermitLimit = roomLimit, QueueLimit = 0 }));
    }

    /// <returns>Null when the address may join now; otherwise how long until it may (at least 1 s).</returns>
    public TimeSpan? TryJoin(IPAddress clientAddress)
    {
        using var lease = _joins.AttemptAcquire(Key(clientAddress));
        if (lease.IsAcquired)
        {
            return null;
        }
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.FromSeconds(1)
            ? retryAfter
            : TimeSpan.FromSeconds(1);
    }

    /// <returns>The room's place, to dispose when the room ends; null when the address has its ad-hoc rooms already.</returns>
    public IDisposable? TryOpenAdHocRoom(IPAddress clientAddress)
    {
        var lease = _adHocRooms.AttemptAcquire(Key(clientAddress));
        if (lease.IsAcquired)
        {
            return lease;
        }
        lease.Dispose();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _joins.DisposeAsync();
        await _adHocRooms.DisposeAsync();
    }

    private static IPAddress Key(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }
}
