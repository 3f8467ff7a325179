using Hiroba.Gateway.Proxy;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Model;

namespace Hiroba.Gateway.Tests;

/// <summary>The gateway's <c>RoomOwner</c> load balancing: one process per room, and little movement when processes come and go.</summary>
public sealed class RoomOwnerPolicyTests
{
    private static readonly ClusterState Cluster = new("snapshots");
    private readonly RoomOwnerPolicy _policy = new();

    [Fact]
    public void A_room_has_one_owner_whatever_the_order_of_the_destinations_or_the_case_of_its_id()
    {
        var destinations = Destinations("d1", "d2", "d3");
        foreach (var room in Rooms(200))
        {
            var owner = Pick(room, destinations);
            Assert.Equal(owner, Pick(room, [.. destinations.AsEnumerable().Reverse()]));
            Assert.Equal(owner, Pick(room.ToUpperInvariant(), destinations));
        }
    }

    [Fact]
    public void Rooms_spread_evenly_and_only_a_leaving_destinations_rooms_move_and_they_come_back()
    {
        var all = Destinations("d1", "d2", "d3");
        var rooms = Rooms(3000);
        var owners = rooms.ToDictionary(room => room, room => Pick(room, all));
        Assert.All(all, destination => Assert.InRange(owners.Values.Count(owner => owner == destination.DestinationId), 850, 1150));

        var withoutSecond = all.Where(destination => destination.DestinationId != "d2").ToArray();
        foreach (var room in rooms)
        {
            var owner = Pick(room, withoutSecond);
            Assert.Equal(owners[room] == "d2" ? owner : owners[room], owner);
            Assert.NotEqual("d2", owner);
        }
        Assert.All(rooms, room => Assert.Equal(owners[room], Pick(room, all)));
    }

    [Fact]
    public void A_request_without_a_room_goes_to_an_available_destination_and_none_without_one()
    {
        var destinations = Destinations("d1", "d2");

        // By id: a DestinationState is also a list of itself, which xunit's comparer would walk for ever.
        Assert.Contains(_policy.PickDestination(new DefaultHttpContext(), Cluster, destinations)?.DestinationId, new[] { "d1", "d2" });
        Assert.Null(_policy.PickDestination(Request("ws-1"), Cluster, []));
    }

    private string? Pick(string room, IReadOnlyList<DestinationState> destinations) =>
        _policy.PickDestination(Request(room), Cluster, destinations)?.DestinationId;

    private static DefaultHttpContext Request(string room)
    {
        var context = new DefaultHttpContext();
        context.Request.RouteValues[RoomOwnerPolicy.RouteValueName] = room;
        return context;
    }

    private static DestinationState[] Destinations(params string[] ids) => [.. ids.Select(id => new DestinationState(id))];

    private static string[] Rooms(int count) => [.. Enumerable.Range(0, count).Select(i => $"ws-{i:x6}")];
}
