using Hiroba.Contracts.Snapshots;
using Hiroba.PostgreSql;
using Hiroba.Rooms.Model;

namespace Hiroba.Rooms.Data.PostgreSql;

/// <summary>Screen activity in PostgreSQL (<see cref="IScreenActivityRepository"/>).</summary>
public sealed class PostgresScreenActivityRepository(RoomsPostgresDatabase database) : IScreenActivityRepository
{
    public Task RecordAsync(SnapshotIngestedIntegrationEvent snapshot, CancellationToken cancellationToken) =>
        database.ExecuteAsync(cancellationToken,
            PostgresStatement.LockPair(snapshot.RoomId, snapshot.GuestId),
            new PostgresStatement("""
                INSERT INTO screen_activity (room_id, guest_id, last_snapshot_at)
                SELECT $1, $2, $3
                WHERE NOT EXISTS (SELECT 1 FROM removed_screen_guests WHERE room_id = $1 AND guest_id = $2)
                ON CONFLICT (room_id, guest_id) DO UPDATE
                    SET last_snapshot_at = greatest(screen_activity.last_snapshot_at, excluded.last_snapshot_at)
                """, snapshot.RoomId, snapshot.GuestId, snapshot.TakenAt));

    public Task RemoveAsync(GuestRemovedIntegrationEvent removed, CancellationToken cancellationToken) =>
        database.ExecuteAsync(cancellationToken,
            PostgresStatement.LockPair(removed.RoomId, removed.GuestId),
            new PostgresStatement(
                "INSERT INTO removed_screen_guests (room_id, guest_id, removed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                removed.RoomId, removed.GuestId, removed.RemovedAt),
            new PostgresStatement("DELETE FROM screen_activity WHERE room_id = $1 AND guest_id = $2", removed.RoomId, removed.GuestId));

    public async Task<IReadOnlyDictionary<string, ScreenActivity>> ListAsync(CancellationToken cancellationToken) =>
        (await database.QueryAsync(
            "SELECT room_id, count(*), max(last_snapshot_at) FROM screen_activity GROUP BY room_id",
            reader => (Room: reader.GetString(0), Activity: new ScreenActivity((int)reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2))),
            cancellationToken))
        .ToDictionary(row => row.Room, row => row.Activity, StringComparer.OrdinalIgnoreCase);
}
