using System.Globalization;
using Hiroba.Contracts.Rooms;
using Hiroba.Rooms.Model;
using Microsoft.Data.Sqlite;

namespace Hiroba.Rooms.Data;

public sealed class RoomRepository(RoomsDatabase database)
{
    private const string Columns =
        "id, kind, title, capacity, host_key_hash, signaling_key_hash, ad_hoc, created_at, closed_at, snapshot_interval_seconds";

    /// <returns>False when a room with that id (open or closed) exists already.</returns>
    public async Task<bool> TryAddAsync(Room room, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT OR IGNORE INTO rooms ({Columns})
            VALUES ($id, $kind, $title, $capacity, $hostKeyHash, $signalingKeyHash, $adHoc, $createdAt, NULL, $snapshotInterval)
            """;
        command.Parameters.AddWithValue("$id", room.Id);
        command.Parameters.AddWithValue("$kind", room.Kind.ToString());
        command.Parameters.AddWithValue("$title", room.Title);
        command.Parameters.AddWithValue("$capacity", room.Capacity);
        command.Parameters.AddWithValue("$hostKeyHash", (object?)room.HostKeyHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$signalingKeyHash", (object?)room.SignalingKeyHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$adHoc", room.AdHoc ? 1 : 0);
        command.Parameters.AddWithValue("$createdAt", room.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$snapshotInterval", (object?)room.SnapshotIntervalSeconds ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<Room?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM rooms WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Room>> ListOpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM rooms WHERE closed_at IS NULL ORDER BY created_at";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rooms = new List<Room>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rooms.Add(Read(reader));
        }
        return rooms;
    }

    /// <returns>The closed room, or null when it does not exist or was closed already.</returns>
    public async Task<Room?> CloseAsync(string id, DateTimeOffset closedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE rooms SET closed_at = $closedAt WHERE id = $id AND closed_at IS NULL RETURNING {Columns}";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$closedAt", closedAt.ToString("O", CultureInfo.InvariantCulture));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// Ends an ad-hoc room nobody is in any more: its record goes, so its id can be opened again (by a peer or by the
    /// admin). A room the admin created, or closed, stays.
    /// </summary>
    /// <returns>True when the room ended.</returns>
    public async Task<bool> EndAdHocIfEmptyAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM rooms WHERE id = $id AND ad_hoc = 1 AND closed_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM presence WHERE room_id = $id)
            """;
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static Room Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        Enum.Parse<RoomKind>(reader.GetString(1)),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetInt32(6) == 1,
        DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
        reader.IsDBNull(8) ? null : DateTimeOffset.Parse(reader.GetString(8), CultureInfo.InvariantCulture),
        reader.IsDBNull(9) ? null : reader.GetInt32(9));
}
