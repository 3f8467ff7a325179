using System.ComponentModel.DataAnnotations;

namespace Hiroba.Signaling;

/// <summary>Section <c>Signaling</c>: limits of Hiroba's own protocol and how unknown rooms are treated.</summary>
public sealed record SignalingOptions
{
    public const string SectionName = "Signaling";

    /// <summary>Joining a room nobody created opens it as a call room. Off: only rooms Rooms announced can be joined.</summary>
    public bool AdHocRooms { get; init; } = true;

    /// <summary>Capacity of an ad-hoc call room (a mesh call gets heavy beyond six).</summary>
    [Range(2, 1000)]
    public int CallRoomCapacity { get; init; } = 6;

    /// <summary>
    /// Ad-hoc rooms open at once that peers from one client address opened (the first peer of each), so that one
    /// machine cannot fill the server with rooms. A classroom behind one NAT stays well below.
    /// </summary>
    [Range(1, 1_000_000)]
    public int AdHocRoomsPerAddress { get; init; } = 50;

    /// <summary>
    /// How long a join to a room this instance does not know waits for Rooms to tell it every open room (after a
    /// start of Signaling) before it is refused as <c>directory-unavailable</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan DirectoryWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest message a client may send on <c>/ws/signaling</c>, in bytes.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxMessageBytes { get; init; } = 64 * 1024;

    /// <summary>Sustained messages per second a connection may send.</summary>
    [Range(1, 1_000_000)]
    public double MessagesPerSecond { get; init; } = 50;

    /// <summary>Messages a connection may send at once before the rate applies (an offer and its candidates).</summary>
    [Range(1, 1_000_000)]
    public int MessageBurst { get; init; } = 200;

    /// <summary>Messages refused in a row for the rate after which the connection is closed as flooding.</summary>
    [Range(1, 1_000_000)]
    public int MaxRefusedInARow { get; init; } = 100;

    /// <summary>Messages waiting to be sent to one connection before it is dropped as too slow.</summary>
    [Range(8, 100_000)]
    public int SendQueueMessages { get; init; } = 256;

    /// <summary>Bytes waiting to be sent to one connection before it is dropped as too slow.</summary>
    [Range(64 * 1024, 256L * 1024 * 1024)]
    public long SendQueueBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>WebSocket connections (both endpoints) the service holds at once.</summary>
    [Range(1, 1_000_000)]
    public long MaxConnections { get; init; } = 10_000;

    /// <summary>How often the server sends <c>{"type":"ping"}</c> on <c>/ws/signaling</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A connection that sends nothing (not even <c>pong</c>) for this long is closed as dead.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan PeerTimeout { get; init; } = TimeSpan.FromSeconds(45);

    public AyameOptions Ayame { get; init; } = new();
}

/// <summary>
/// Section <c>Signaling:Ayame</c>. The defaults are Ayame's own (protocols.md §1.4); change them only for tests.
/// Momo resets its connection unless it hears a ping within 30 s.
/// </summary>
public sealed record AyameOptions
{
    [Range(typeof(TimeSpan), "00:00:01", "00:00:25")]
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromSeconds(60);

    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(90);
}
