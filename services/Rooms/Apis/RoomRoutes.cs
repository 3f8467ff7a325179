namespace Hiroba.Rooms.Apis;

/// <summary>Path segments under <c>/api/rooms</c> that are endpoints, not rooms: no room may take one as its id.</summary>
public static class RoomRoutes
{
    public const string IceServers = "ice-servers";

    public static bool IsRoute(string roomId) => string.Equals(roomId, IceServers, StringComparison.OrdinalIgnoreCase);
}
