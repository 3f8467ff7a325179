using Hiroba.PostgreSql;

namespace Hiroba.CameraBridge.Data.PostgreSql;

/// <summary>
/// The Ayame peers in PostgreSQL (<see cref="IAyamePeerRepository"/>). Every replica applies every join and departure;
/// the departures are remembered for a day, so a join one replica applies after another applied the departure adds
/// nothing, and each pair is applied under the peer's lock, so neither misses the other's uncommitted row.
/// </summary>
public sealed class PostgresAyamePeerRepository(CamerasPostgresDatabase database, TimeProvider timeProvider) : IAyamePeerRepository
{
    private static readonly TimeSpan DeparturesKeptFor = TimeSpan.FromDays(1);

    public Task AddAsync(AyamePeer peer, CancellationToken cancellationToken) =>
        database.ExecuteAsync(cancellationToken,
            PostgresStatement.LockPair(peer.RoomId, peer.PeerId),
            new PostgresStatement("""
                INSERT INTO ayame_peers (room_id, peer_id, joined_at)
                SELECT $1, $2, $3
                WHERE NOT EXISTS (SELECT 1 FROM ayame_departures WHERE room_id = $1 AND peer_id = $2)
                ON CONFLICT (room_id, peer_id) DO NOTHING
                """, peer.RoomId, peer.PeerId, peer.JoinedAt));

    public Task RemoveAsync(string roomId, string peerId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        return database.ExecuteAsync(cancellationToken,
            PostgresStatement.LockPair(roomId, peerId),
            new PostgresStatement(
                "INSERT INTO ayame_departures (room_id, peer_id, left_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", roomId, peerId, now),
            new PostgresStatement("DELETE FROM ayame_peers WHERE room_id = $1 AND peer_id = $2", roomId, peerId),
            new PostgresStatement("DELETE FROM ayame_departures WHERE left_at < $1", now - DeparturesKeptFor));
    }

    public Task RemoveJoinedBeforeAsync(DateTimeOffset time, CancellationToken cancellationToken) =>
        database.ExecuteAsync(cancellationToken, new PostgresStatement("DELETE FROM ayame_peers WHERE joined_at < $1", time));

    public async Task<IReadOnlyList<AyamePeer>> ListAsync(CancellationToken cancellationToken) =>
        await database.QueryAsync(
            "SELECT room_id, peer_id, joined_at FROM ayame_peers",
            reader => new AyamePeer(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)),
            cancellationToken);
}
