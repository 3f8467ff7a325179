using Hiroba.Contracts.Signaling;
using Hiroba.PostgreSql;
using Hiroba.Rooms.Model;

namespace Hiroba.Rooms.Data.PostgreSql;

/// <summary>Presence in PostgreSQL, with the peers that left in <c>left_peers</c> (<see cref="IPresenceRepository"/>).</summary>
public sealed class PostgresPresenceRepository(RoomsPostgresDatabase database) : IPresenceRepository
{
    public async Task<bool> AddAsync(Peer peer, CancellationToken cancellationToken) =>
        (await database.ExecuteAsync(cancellationToken,
            PostgresStatement.LockPair(peer.RoomId, peer.PeerId),
            new PostgresStatement("""
                INSERT INTO presence (room_id, peer_id, display_name, client_kind, joined_at)
                SELECT $1, $2, $3, $4, $5
                WHERE NOT EXISTS (SELECT 1 FROM left_peers WHERE room_id = $1 AND peer_id = $2)
                ON CONFLICT (room_id, peer_id) DO UPDATE
                    SET display_name = excluded.display_name, client_kind = excluded.client_kind, joined_at = excluded.joined_at
                """, peer.RoomId, peer.PeerId, peer.DisplayName, peer.ClientKind.ToString(), peer.JoinedAt)))[1] == 1;

    public Task RemoveAsync(string roomId, string peerId, DateTimeOffset leftAt, CancellationToken cancellationToken) =>
        database.ExecuteAsync(cancellationToken,
            PostgresStatement.LockPair(roomId, peerId),
            new PostgresStatement(
                "INSERT INTO left_peers (room_id, peer_id, left_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", roomId, peerId, leftAt),
            new PostgresStatement("DELETE FROM presence WHERE room_id = $1 AND peer_id = $2", roomId, peerId),
            new PostgresStatement("DELETE FROM left_peers WHERE left_at < $1", leftAt - IPresenceRepository.LeftPeersKeptFor));

    public async Task<IReadOnlyList<Peer>> ListAsync(string? roomId, CancellationToken cancellationToken) =>
        await database.QueryAsync("""
            SELECT room_id, peer_id, display_name, client_kind, joined_at FROM presence
            WHERE $1::text IS NULL OR room_id = $1 ORDER BY joined_at, joined_order
            """,
            reader => new Peer(
                reader.GetString(0), reader.GetString(1), reader.GetString(2),
                Enum.Parse<ClientKind>(reader.GetString(3)), reader.GetFieldValue<DateTimeOffset>(4)),
            cancellationToken, roomId);
}
