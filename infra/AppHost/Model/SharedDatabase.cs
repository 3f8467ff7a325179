using Hiroba.LocalComponents;

namespace Hiroba.AppHost;

/// <summary>
/// The PostgreSQL server that the replicas of a service share (docs/scaling.md): Feed's posts and outbox in
/// <c>feed</c>, the rooms in <c>rooms</c>, Signaling's room directory in <c>signaling</c>, the camera bridge's cameras and
/// lease in <c>cameras</c>.
/// </summary>
internal sealed record SharedDatabase(string Host, int Port, string Username, string Password)
{
    public const string FeedDatabase = "feed";
    public const string RoomsDatabase = "rooms";
    public const string SignalingDatabase = "signaling";
    public const string CamerasDatabase = "cameras";

    public static IReadOnlyList<string> Databases { get; } = [FeedDatabase, RoomsDatabase, SignalingDatabase, CamerasDatabase];

    public string ConnectionString(string database) => PostgresServer.ConnectionString(Host, Port, database, Username, Password);
}
