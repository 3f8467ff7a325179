using System.Globalization;
using Hiroba.Contracts.Signaling;
using Hiroba.Rooms.Model;

namespace Hiroba.Rooms.Data;

/// <summary>Who is in which room now: the projection of <c>signaling.peer-joined</c> and <c>signaling.peer-left</c>.</summary>
public sealed class PresenceRepository(RoomsDatabase database)
{
    /// <summary>Idempotent: a repeated event leaves one row.</summary>
    public async Task AddAsync(Peer peer, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR REPLACE INTO presence (room_id, peer_id, display_name, client_kind, joined_at)
            VALUES ($roomId, $peerId, $displayName, $clientKind, $joinedAt)
            """;
        command.Parameters.AddWithValue("$roomId", peer.RoomId);
        command.Parameters.AddWithValue("$peerId", peer.PeerId);
        command.Parameters.AddWithValue("$displayName", peer.DisplayName);
        command.Parameters.AddWithValue("$clientKind", peer.ClientKind.ToString());
        command.Parameters.AddWithValue("$joinedAt", peer.JoinedAt.ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RemoveAsync(string roomId, string peerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM presence WHERE room_id = $roomId AND peer_id = $peerId";
        command.Parameters.AddWithValue("$roomId", roomId);
        command.Parameters.AddWithValue("$peerId", peerId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <param name="roomId">One room, or every room when null.</param>
    public async Task<IReadOnlyList<Peer>> ListAsync(string? roomId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT room_id, peer_id, display_name, client_kind, joined_at FROM presence
            WHERE $roomId IS NULL OR room_id = $roomId ORDER BY joined_at
            """;
        command.Parameters.AddWithValue("$roomId", (object?)roomId ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var peers = new List<Peer>();
        while (await reader.ReadAsync(cancellationToken))
        {
            peers.Add(new Peer(
                reader.GetString(0), reader.GetString(1), reader.GetString(2),
                Enum.Parse<ClientKind>(reader.GetString(3)),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture)));
        }
        return peers;
    }
}
