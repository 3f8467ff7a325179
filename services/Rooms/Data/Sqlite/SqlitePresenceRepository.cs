using Hiroba.Contracts.Signaling;
using Hiroba.Rooms.Model;
using Hiroba.Sqlite;

namespace Hiroba.Rooms.Data.Sqlite;

/// <summary>Presence in <c>rooms.db</c>, with the peers that left in <c>left_peers</c> (<see cref="IPresenceRepository"/>).</summary>
public sealed class SqlitePresenceRepository(RoomsDatabase database) : IPresenceRepository
{
    public async Task<bool> AddAsync(Peer peer, CancellationToken cancellationToken) =>
        await database.WriteAsync((transaction, ct) => transaction.ExecuteAsync("""
            INSERT OR REPLACE INTO presence (room_id, peer_id, display_name, client_kind, joined_at)
            SELECT $roomId, $peerId, $displayName, $clientKind, $joinedAt
            WHERE NOT EXISTS (SELECT 1 FROM left_peers WHERE room_id = $roomId AND peer_id = $peerId)
            """, ct,
            ("$roomId", peer.RoomId), ("$peerId", peer.PeerId), ("$displayName", peer.DisplayName),
            ("$clientKind", peer.ClientKind.ToString()), ("$joinedAt", peer.JoinedAt.ToUnixTimeMilliseconds())), cancellationToken) == 1;

    public Task RemoveAsync(string roomId, string peerId, DateTimeOffset leftAt, CancellationToken cancellationToken) =>
        database.WriteAsync((transaction, ct) => transaction.ExecuteAsync("""
            INSERT INTO left_peers (room_id, peer_id, left_at) VALUES ($roomId, $peerId, $leftAt) ON CONFLICT DO NOTHING;
            DELETE FROM presence WHERE room_id = $roomId AND peer_id = $peerId;
            DELETE FROM left_peers WHERE left_at < $forgetBefore;
            """, ct,
            ("$roomId", roomId), ("$peerId", peerId), ("$leftAt", leftAt.ToUnixTimeMilliseconds()),
            ("$forgetBefore", (leftAt - IPresenceRepository.LeftPeersKeptFor).ToUnixTimeMilliseconds())), cancellationToken);

    /// <param name="roomId">One room, or every room when null.</param>
    public async Task<IReadOnlyList<Peer>> ListAsync(string? roomId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT room_id, peer_id, display_name, client_kind, joined_at FROM presence
            WHERE $roomId IS NULL OR room_id = $roomId ORDER BY joined_at, rowid
            """;
        command.Parameters.AddWithValue("$roomId", (object?)roomId ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var peers = new List<Peer>();
        while (await reader.ReadAsync(cancellationToken))
        {
            peers.Add(new Peer(
                reader.GetString(0), reader.GetString(1), reader.GetString(2),
                Enum.Parse<ClientKind>(reader.GetString(3)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }
        return peers;
    }
}
