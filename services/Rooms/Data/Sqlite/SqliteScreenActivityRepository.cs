using Hiroba.Contracts.Snapshots;
using Hiroba.Rooms.Model;
using Hiroba.Sqlite;

namespace Hiroba.Rooms.Data.Sqlite;

/// <summary>Screen activity in <c>rooms.db</c> (<see cref="IScreenActivityRepository"/>).</summary>
public sealed class SqliteScreenActivityRepository(RoomsDatabase database) : IScreenActivityRepository
{
    public Task RecordAsync(SnapshotIngestedIntegrationEvent snapshot, CancellationToken cancellationToken) =>
        database.WriteAsync((transaction, ct) => transaction.ExecuteAsync("""
            INSERT INTO screen_activity (room_id, guest_id, last_snapshot_at)
            SELECT $roomId, $guestId, $takenAt
            WHERE NOT EXISTS (SELECT 1 FROM removed_screen_guests WHERE room_id = $roomId AND guest_id = $guestId)
            ON CONFLICT (room_id, guest_id) DO UPDATE SET last_snapshot_at = max(last_snapshot_at, excluded.last_snapshot_at)
            """, ct,
            ("$roomId", snapshot.RoomId), ("$guestId", snapshot.GuestId), ("$takenAt", snapshot.TakenAt.ToUnixTimeMilliseconds())),
            cancellationToken);

    public Task RemoveAsync(GuestRemovedIntegrationEvent removed, CancellationToken cancellationToken) =>
        database.WriteAsync((transaction, ct) => transaction.ExecuteAsync("""
            INSERT INTO removed_screen_guests (room_id, guest_id, removed_at) VALUES ($roomId, $guestId, $removedAt)
            ON CONFLICT (room_id, guest_id) DO NOTHING;
            DELETE FROM screen_activity WHERE room_id = $roomId AND guest_id = $guestId;
            """, ct,
            ("$roomId", removed.RoomId), ("$guestId", removed.GuestId), ("$removedAt", removed.RemovedAt.ToUnixTimeMilliseconds())),
            cancellationToken);

    public async Task<IReadOnlyDictionary<string, ScreenActivity>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT room_id, count(*), max(last_snapshot_at) FROM screen_activity GROUP BY room_id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var activity = new Dictionary<string, ScreenActivity>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync(cancellationToken))
        {
            activity[reader.GetString(0)] = new ScreenActivity(
                reader.GetInt32(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
        }
        return activity;
    }
}
