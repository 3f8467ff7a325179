using System.Globalization;
using Hiroba.Contracts.Snapshots;
using Hiroba.Rooms.Model;

namespace Hiroba.Rooms.Data;

/// <summary>Which guests of a workshop have shared their screen, and when last: the projection of <c>snapshots.snapshot-ingested</c>.</summary>
public sealed class ScreenActivityRepository(RoomsDatabase database)
{
    /// <summary>Idempotent and order-proof: a repeated or late event never moves a guest's time back.</summary>
    public async Task RecordAsync(SnapshotIngestedIntegrationEvent snapshot, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Times are stored in UTC with a fixed width, so that comparing the text compares the times.
        command.CommandText = """
            INSERT INTO screen_activity (room_id, guest_id, last_snapshot_at) VALUES ($roomId, $guestId, $takenAt)
            ON CONFLICT (room_id, guest_id) DO UPDATE SET last_snapshot_at = max(last_snapshot_at, excluded.last_snapshot_at)
            """;
        command.Parameters.AddWithValue("$roomId", snapshot.RoomId);
        command.Parameters.AddWithValue("$guestId", snapshot.GuestId);
        command.Parameters.AddWithValue("$takenAt", snapshot.TakenAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <returns>Per room that has any: how many guests shared a screen, and the newest snapshot's time.</returns>
    public async Task<IReadOnlyDictionary<string, ScreenActivity>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT room_id, count(*), max(last_snapshot_at) FROM screen_activity GROUP BY room_id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var activity = new Dictionary<string, ScreenActivity>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync(cancellationToken))
        {
            activity[reader.GetString(0)] = new ScreenActivity(
                reader.GetInt32(1), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        }
        return activity;
    }
}
