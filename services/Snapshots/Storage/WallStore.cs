using Hiroba.Snapshots.Images;
using Hiroba.Snapshots.Wall;
using Hiroba.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hiroba.Snapshots.Storage;

/// <summary>
/// The wall's metadata in <see cref="SnapshotsDatabase"/>. Callers queue writes while holding the room's lock, so they
/// reach the database in the order the in-memory wall changed; the values are copied at that moment. A queued write is
/// not cancelled: the database follows the wall.
/// </summary>
public sealed class WallStore(SnapshotsDatabase database)
{
    public Task SaveRoomAsync(WorkshopRoom room)
    {
        var (id, title, capacity, hostKeyHash, interval) = (room.Id, room.Title, room.Capacity, room.HostKeyHash, room.IntervalSeconds);
        return WriteAsync((sql, ct) => sql.ExecuteAsync("""
            INSERT INTO rooms (id, title, capacity, host_key_hash, interval_seconds) VALUES ($id, $title, $capacity, $hostKeyHash, $interval)
            ON CONFLICT (id) DO UPDATE SET title = $title, capacity = $capacity, host_key_hash = $hostKeyHash, interval_seconds = $interval
            WHERE closed_at IS NULL;
            """, ct, ("$id", id), ("$title", title), ("$capacity", capacity), ("$hostKeyHash", hostKeyHash), ("$interval", interval)));
    }

    public Task CloseRoomAsync(string roomId, DateTimeOffset closedAt) =>
        WriteAsync((sql, ct) => sql.ExecuteAsync(
            "UPDATE rooms SET closed_at = $closedAt WHERE id = $id AND closed_at IS NULL;", ct,
            ("$id", roomId), ("$closedAt", closedAt.ToUnixTimeMilliseconds())));

    /// <summary>Forgets a closed room's guests and snapshots; the room stays known as closed.</summary>
    public Task PurgeRoomAsync(string roomId) =>
        WriteAsync((sql, ct) => sql.ExecuteAsync("""
            DELETE FROM snapshots WHERE room_id = $id;
            DELETE FROM guests WHERE room_id = $id;
            DELETE FROM removed_guests WHERE room_id = $id;
            UPDATE rooms SET purged = 1 WHERE id = $id;
            """, ct, ("$id", roomId)));

    /// <summary>Forgets a guest the host removed, with its snapshots, and remembers that it was removed.</summary>
    public Task RemoveGuestAsync(string roomId, string guestId) =>
        WriteAsync((sql, ct) => sql.ExecuteAsync("""
            DELETE FROM snapshots WHERE room_id = $roomId AND guest_id = $id;
            DELETE FROM guests WHERE room_id = $roomId AND id = $id;
            INSERT INTO removed_guests (room_id, id) VALUES ($roomId, $id) ON CONFLICT DO NOTHING;
            """, ct, ("$roomId", roomId), ("$id", guestId)));

    public Task AddGuestAsync(string roomId, Guest guest)
    {
        var (id, name, tokenHash, joinedAt) = (guest.Id, guest.Name, guest.TokenHash, guest.JoinedAt.ToUnixTimeMilliseconds());
        return WriteAsync((sql, ct) => sql.ExecuteAsync("""
            INSERT INTO guests (room_id, id, name, token_hash, joined_at, status, hand, uploads)
            VALUES ($roomId, $id, $name, $tokenHash, $joinedAt, 'joined', 'none', 0);
            """, ct, ("$roomId", roomId), ("$id", id), ("$name", name), ("$tokenHash", tokenHash), ("$joinedAt", joinedAt)));
    }

    public Task SaveGuestStateAsync(string roomId, Guest guest)
    {
        var state = GuestState(roomId, guest);
        return WriteAsync((sql, ct) => UpdateGuestAsync(sql, state, ct));
    }

    /// <summary>Records a new snapshot, forgets the evicted ones and saves the guest's state, in one write.</summary>
    public Task AddSnapshotAsync(string roomId, Guest guest, StoredSnapshot snapshot, IReadOnlyList<StoredSnapshot> evicted)
    {
        var state = GuestState(roomId, guest);
        return WriteAsync(async (sql, ct) =>
        {
            await sql.ExecuteAsync("""
                INSERT INTO snapshots (room_id, id, guest_id, format, size, width, height, taken_at)
                VALUES ($roomId, $id, $guestId, $format, $size, $width, $height, $takenAt);
                """, ct,
                ("$roomId", roomId), ("$id", snapshot.Id), ("$guestId", snapshot.GuestId), ("$format", snapshot.Format.ToString()),
                ("$size", snapshot.Size), ("$width", snapshot.Width), ("$height", snapshot.Height),
                ("$takenAt", snapshot.TakenAt.ToUnixTimeMilliseconds()));
            foreach (var old in evicted)
            {
                await sql.ExecuteAsync("DELETE FROM snapshots WHERE room_id = $roomId AND id = $id;", ct,
                    ("$roomId", roomId), ("$id", old.Id));
            }
            await UpdateGuestAsync(sql, state, ct);
        });
    }

    /// <summary>Every room with its guests, removed guests and kept snapshots (oldest first), as stored.</summary>
    public async Task<IReadOnlyList<StoredRoom>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        var rooms = new Dictionary<string, StoredRoom>(StringComparer.OrdinalIgnoreCase);
        await ReadAsync(connection, "SELECT id, title, capacity, host_key_hash, interval_seconds, closed_at, purged FROM rooms;", reader =>
        {
            var room = new StoredRoom(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt32(4), reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), reader.GetInt32(6) == 1);
            rooms[room.Id] = room;
        }, cancellationToken);
        await ReadAsync(connection, "SELECT room_id, id, name, token_hash, joined_at, status, hand, uploads, last_seen_at FROM guests ORDER BY joined_at;", reader =>
        {
            var guest = new Guest(reader.GetString(1), reader.GetString(2), reader.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)))
            {
                Status = WallNames.TryParse<GuestStatus>(reader.GetString(5), out var status) ? status : GuestStatus.Joined,
                Hand = WallNames.TryParse<GuestHand>(reader.GetString(6), out var hand) ? hand : GuestHand.None,
                Uploads = reader.GetInt64(7),
                LastSeenAt = reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
            };
            rooms[reader.GetString(0)].Guests.Add(guest);
        }, cancellationToken);
        await ReadAsync(connection, "SELECT room_id, id FROM removed_guests;", reader =>
            rooms[reader.GetString(0)].RemovedGuests.Add(reader.GetString(1)), cancellationToken);
        await ReadAsync(connection, "SELECT room_id, id, guest_id, format, size, width, height, taken_at FROM snapshots ORDER BY taken_at, id;", reader =>
        {
            rooms[reader.GetString(0)].Snapshots.Add(new StoredSnapshot(
                reader.GetString(1), reader.GetString(2), Enum.Parse<ImageFormat>(reader.GetString(3)), reader.GetInt64(4),
                reader.GetInt32(5), reader.GetInt32(6), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7))));
        }, cancellationToken);
        return [.. rooms.Values];
    }

    private static (string RoomId, string Id, string Status, string Hand, long Uploads, long? LastSeenAt) GuestState(string roomId, Guest guest) =>
        (roomId, guest.Id, guest.Status.Name(), guest.Hand.Name(), guest.Uploads, guest.LastSeenAt?.ToUnixTimeMilliseconds());

    private Task WriteAsync(Func<SqliteTransaction, CancellationToken, Task> write) => database.WriteAsync(write, CancellationToken.None);

    private static Task<int> UpdateGuestAsync(
        SqliteTransaction sql, (string RoomId, string Id, string Status, string Hand, long Uploads, long? LastSeenAt) state,
        CancellationToken cancellationToken) =>
        sql.ExecuteAsync("""
            UPDATE guests SET status = $status, hand = $hand, uploads = $uploads, last_seen_at = $lastSeenAt
            WHERE room_id = $roomId AND id = $id;
            """, cancellationToken,
            ("$roomId", state.RoomId), ("$id", state.Id), ("$status", state.Status), ("$hand", state.Hand),
            ("$uploads", state.Uploads), ("$lastSeenAt", state.LastSeenAt));

    private static async Task ReadAsync(SqliteConnection connection, string sql, Action<SqliteDataReader> read, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            read(reader);
        }
    }
}

/// <summary>A room as loaded at start-up.</summary>
public sealed record StoredRoom(
    string Id, string Title, int Capacity, string? HostKeyHash, int IntervalSeconds, DateTimeOffset? ClosedAt, bool Purged)
{
    public List<Guest> Guests { get; } = [];

    public List<string> RemovedGuests { get; } = [];

    public List<StoredSnapshot> Snapshots { get; } = [];
}
