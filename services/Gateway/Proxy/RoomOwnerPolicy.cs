using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Hiroba.Gateway.Proxy;

/// <summary>
/// Load balancing policy <c>RoomOwner</c>: every request that names a room (the route value <c>room</c>) goes to the one
/// process that owns the room, chosen by rendezvous hashing of the room id over the healthy destinations. Every gateway
/// with the same destinations chooses the same; when a destination leaves, only its rooms move (each to the process that
/// ranks next), and they come back when it returns. Requests without a room go to any destination.
/// </summary>
public sealed class RoomOwnerPolicy : ILoadBalancingPolicy
{
    public const string PolicyName = "RoomOwner";
    public const string RouteValueName = "room";

    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        if (availableDestinations.Count == 0)
        {
            return null;
        }
        if (context.GetRouteValue(RouteValueName) is not string room)
        {
            return availableDestinations[Random.Shared.Next(availableDestinations.Count)];
        }
        return OwnerOf(room, availableDestinations);
    }

    /// <summary>The destination that owns <paramref name="room"/> among <paramref name="destinations"/>; null when there is none.</summary>
    public static DestinationState? OwnerOf(string room, IReadOnlyList<DestinationState> destinations) =>
        destinations.MaxBy(destination => Weight(room, destination.DestinationId));

    /// <summary>The destination's rank for the room: the first 8 bytes of SHA-256 over both (room ids are case-insensitive).</summary>
    public static ulong Weight(string room, string destinationId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{room.ToLowerInvariant()}\n{destinationId}"), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
