using Hiroba.Contracts.Signaling;
using Hiroba.Rooms.Model;
using Hiroba.Sqlite;

namespace Hiroba.Rooms.Data;

/// <summary>Who is in which room now: the projection of <c>signaling.peer-joined</c> and <c>signaling.peer-left</c>.</summary>
public sealed class PresenceRepository(RoomsDatabase database)
{
    /// <summary>Idempotent: a repeated event leaves one row.</summary>
    public Task AddAsync(Peer peer, CancellationToken cancellationToken) =>
        database.WriteAsync((transaction, ct) => transaction.ExecuteAsync("""
            INSERT OR REPLACE INTO presence (room_id, peer_id, display_name, client_kind, joined_at)
            VALUES ($roomId, $peerId, $displayName, $clientKind, $joinedAt)
            """, ct,
            ("$roomId", peer.RoomId), ("$peerId", peer.PeerId), ("$displayName", peer.DisplayName),
            ("$clientKind", peer.ClientKind.ToString()), ("$joinedAt", peer.JoinedAt.ToUnixTimeMilliseconds())), cancellationToken);

    public Task RemoveAsync(string roomId, string peerId, CancellationToken cancellationToken) =>
        database.WriteAsync((transaction, ct) => transaction.ExecuteAsync(
            "DELETE FROM presence WHERE room_id = $roomId AND peer_id = $peerId", ct,
            ("$roomId", roomId), ("$peerId", peerId)), cancellationToken);

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
