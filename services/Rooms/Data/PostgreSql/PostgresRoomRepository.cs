using Hiroba.Contracts.Rooms;
using Hiroba.PostgreSql;
using Hiroba.Rooms.Model;
using Npgsql;

namespace Hiroba.Rooms.Data.PostgreSql;

/// <summary>Rooms in PostgreSQL (<see cref="IRoomRepository"/>).</summary>
public sealed class PostgresRoomRepository(RoomsPostgresDatabase database) : IRoomRepository
{
    private const string Columns =
        "id, kind, title, capacity, host_key_hash, signaling_key_hash, ad_hoc, created_at, closed_at, snapshot_interval_seconds";

    public async Task<bool> TryAddAsync(Room room, CancellationToken cancellationToken) =>
        (await database.ExecuteAsync(cancellationToken, new PostgresStatement($"""
            INSERT INTO rooms ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9) ON CONFLICT (id) DO NOTHING
            """,
            room.Id, room.Kind.ToString(), room.Title, room.Capacity, room.HostKeyHash, room.SignalingKeyHash, room.AdHoc,
            room.CreatedAt, room.SnapshotIntervalSeconds)))[0] == 1;

    public async Task<Room?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await database.QueryAsync($"SELECT {Columns} FROM rooms WHERE id = $1", Read, cancellationToken, id)).SingleOrDefault();

    public async Task<IReadOnlyList<Room>> ListOpenAsync(CancellationToken cancellationToken) =>
        await database.QueryAsync($"SELECT {Columns} FROM rooms WHERE closed_at IS NULL ORDER BY created_at, created_order", Read, cancellationToken);

    public async Task<IReadOnlyList<Room>> ListClosedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        await database.QueryAsync(
            $"SELECT {Columns} FROM rooms WHERE closed_at >= $1 ORDER BY closed_at, created_order", Read, cancellationToken, since);

    public async Task<Room?> CloseAsync(string id, DateTimeOffset closedAt, CancellationToken cancellationToken) =>
        (await database.QueryAsync(
            $"UPDATE rooms SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL RETURNING {Columns}", Read, cancellationToken, id, closedAt))
        .SingleOrDefault();

    public async Task<bool> EndAdHocIfEmptyAsync(string id, CancellationToken cancellationToken) =>
        (await database.ExecuteAsync(cancellationToken, new PostgresStatement("""
            DELETE FROM rooms WHERE id = $1 AND ad_hoc AND closed_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM presence WHERE room_id = $1)
            """, id)))[0] == 1;

    private static Room Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        Enum.Parse<RoomKind>(reader.GetString(1)),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetBoolean(6),
        reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
        reader.IsDBNull(9) ? null : reader.GetInt32(9));
}
