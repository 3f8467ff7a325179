using Hiroba.Contracts.Rooms;
using Hiroba.Rooms.Model;
using Hiroba.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hiroba.Rooms.Data.Sqlite;

/// <summary>Rooms in <c>rooms.db</c> (<see cref="IRoomRepository"/>).</summary>
public sealed class SqliteRoomRepository(RoomsDatabase database) : IRoomRepository
{
    private const string Columns =
        "id, kind, title, capacity, host_key_hash, signaling_key_hash, ad_hoc, created_at, closed_at, snapshot_interval_seconds";

    public async Task<bool> TryAddAsync(Room room, CancellationToken cancellationToken) =>
        await database.WriteAsync((transaction, ct) => transaction.ExecuteAsync($"""
            INSERT OR IGNORE INTO rooms ({Columns})
            VALUES ($id, $kind, $title, $capacity, $hostKeyHash, $signalingKeyHash, $adHoc, $createdAt, NULL, $snapshotInterval)
            """, ct,
            ("$id", room.Id), ("$kind", room.Kind.ToString()), ("$title", room.Title), ("$capacity", room.Capacity),
            ("$hostKeyHash", room.HostKeyHash), ("$signalingKeyHash", room.SignalingKeyHash), ("$adHoc", room.AdHoc ? 1 : 0),
            ("$createdAt", room.CreatedAt.ToUnixTimeMilliseconds()), ("$snapshotInterval", room.SnapshotIntervalSeconds)), cancellationToken) == 1;

    public async Task<Room?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM rooms WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Room>> ListOpenAsync(CancellationToken cancellationToken) =>
        await database.QueryAsync($"SELECT {Columns} FROM rooms WHERE closed_at IS NULL ORDER BY created_at, rowid", Read, cancellationToken);

    public async Task<IReadOnlyList<Room>> ListClosedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        await database.QueryAsync($"SELECT {Columns} FROM rooms WHERE closed_at >= $since ORDER BY closed_at, rowid", Read, cancellationToken,
            ("$since", since.ToUnixTimeMilliseconds()));

    public Task<Room?> CloseAsync(string id, DateTimeOffset closedAt, CancellationToken cancellationToken) =>
        database.WriteAsync(async (transaction, ct) =>
        {
            await using var command = transaction.CreateCommand(
                $"UPDATE rooms SET closed_at = $closedAt WHERE id = $id AND closed_at IS NULL RETURNING {Columns}");
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$closedAt", closedAt.ToUnixTimeMilliseconds());
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? Read(reader) : null;
        }, cancellationToken);

    public async Task<bool> EndAdHocIfEmptyAsync(string id, CancellationToken cancellationToken) =>
        await database.WriteAsync((transaction, ct) => transaction.ExecuteAsync("""
            DELETE FROM rooms WHERE id = $id AND ad_hoc = 1 AND closed_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM presence WHERE room_id = $id)
            """, ct, ("$id", id)), cancellationToken) == 1;

    private static Room Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        Enum.Parse<RoomKind>(reader.GetString(1)),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetInt32(6) == 1,
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
        reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
        reader.IsDBNull(9) ? null : reader.GetInt32(9));
}
