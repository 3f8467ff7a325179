using System.Net;
using System.Net.Sockets;

namespace Hiroba.LocalComponents.Tls;

/// <summary>The IPv4 ranges of a room's network (RFC 1918) and of this machine itself (loopback).</summary>
public static class PrivateNetworks
{
    public static IReadOnlyList<(IPAddress Network, int PrefixLength)> Ranges { get; } =
    [
        (IPAddress.Parse("10.0.0.0"), 8),
        (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.168.0.0"), 16),
    ];

    public static (IPAddress Network, int PrefixLength) Loopback { get; } = (IPAddress.Parse("127.0.0.0"), 8);

    /// <summary>True for an IPv4 address in 10/8, 172.16/12 or 192.168/16.</summary>
    public static bool IsPrivate(IPAddress address) => Ranges.Any(range => Contains(range, address));

    public static bool Contains((IPAddress Network, int PrefixLength) range, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }
        var mask = Mask(range.PrefixLength);
        return (ToUInt32(address) & mask) == (ToUInt32(range.Network) & mask);
    }

    /// <summary>The network mask of a prefix length, e.g. 255.255.0.0 for 16.</summary>
    public static byte[] MaskBytes(int prefixLength)
    {
        var mask = Mask(prefixLength);
        return [(byte)(mask >> 24), (byte)(mask >> 16), (byte)(mask >> 8), (byte)mask];
    }

    private static uint Mask(int prefixLength) => prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength);

    private static uint ToUInt32(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }
}
