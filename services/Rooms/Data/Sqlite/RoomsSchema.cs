using System.Globalization;
using Hiroba.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hiroba.Rooms.Data.Sqlite;

/// <summary>
/// The schema of <c>rooms.db</c>. The first migration is idempotent, because databases made before migrations existed
/// already hold its tables (at version 0). Until the fifth, times were ISO 8601 text; now they are Unix milliseconds.
/// </summary>
internal static class RoomsSchema
{
    public static IReadOnlyList<SqliteMigration> Migrations { get; } =
    [
        SqliteMigration.Sql("""
        CREATE TABLE IF NOT EXISTS rooms (
            id TEXT PRIMARY KEY COLLATE NOCASE,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            capacity INTEGER NOT NULL,
            host_key_hash TEXT NULL,
            signaling_key_hash TEXT NULL,
            ad_hoc INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            closed_at TEXT NULL
        );
        CREATE TABLE IF NOT EXISTS presence (
            room_id TEXT NOT NULL COLLATE NOCASE,
            peer_id TEXT NOT NULL,
            display_name TEXT NOT NULL,
            client_kind TEXT NOT NULL,
            joined_at TEXT NOT NULL,
            PRIMARY KEY (room_id, peer_id)
        );
        """),
        SqliteMigration.Sql("ALTER TABLE rooms ADD COLUMN snapshot_interval_seconds INTEGER NULL;"),
        SqliteMigration.Sql("""
        CREATE TABLE screen_activity (
            room_id TEXT NOT NULL COLLATE NOCASE,
            guest_id TEXT NOT NULL,
            last_snapshot_at TEXT NOT NULL,
            PRIMARY KEY (room_id, guest_id)
        );
        """),
        SqliteMigration.Sql("""
        CREATE TABLE removed_screen_guests (
            room_id TEXT NOT NULL COLLATE NOCASE,
            guest_id TEXT NOT NULL,
            removed_at TEXT NOT NULL,
            PRIMARY KEY (room_id, guest_id)
        );
        """),
        new SqliteMigration(StoreTimesAsUnixMillisecondsAsync),
        // The peers that left, so that a late peer-joined does not bring one back (IPresenceRepository).
        SqliteMigration.Sql("""
        CREATE TABLE left_peers (
            room_id TEXT NOT NULL COLLATE NOCASE,
            peer_id TEXT NOT NULL,
            left_at INTEGER NOT NULL,
            PRIMARY KEY (room_id, peer_id)
        );
        CREATE INDEX left_peers_by_time ON left_peers (left_at);
        """),
    ];

    /// <summary>
    /// Rebuilds every table with INTEGER times (a TEXT column would turn a number back into text), converting the
    /// stored ISO 8601 text as the service used to read it.
    /// </summary>
    private static async Task StoreTimesAsUnixMillisecondsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        command.Connection!.CreateFunction("unix_ms", (string? text) => text is null
            ? (long?)null
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds(),
            isDeterministic: true);
        command.CommandText = """
            CREATE TABLE rooms_new (
                id TEXT PRIMARY KEY COLLATE NOCASE,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                capacity INTEGER NOT NULL,
                host_key_hash TEXT NULL,
                signaling_key_hash TEXT NULL,
                ad_hoc INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                closed_at INTEGER NULL,
                snapshot_interval_seconds INTEGER NULL
            );
            INSERT INTO rooms_new
                SELECT id, kind, title, capacity, host_key_hash, signaling_key_hash, ad_hoc, unix_ms(created_at), unix_ms(closed_at),
                    snapshot_interval_seconds
                FROM rooms ORDER BY rowid;
            DROP TABLE rooms;
            ALTER TABLE rooms_new RENAME TO rooms;

            CREATE TABLE presence_new (
                room_id TEXT NOT NULL COLLATE NOCASE,
                peer_id TEXT NOT NULL,
                display_name TEXT NOT NULL,
                client_kind TEXT NOT NULL,
                joined_at INTEGER NOT NULL,
                PRIMARY KEY (room_id, peer_id)
            );
            INSERT INTO presence_new SELECT room_id, peer_id, display_name, client_kind, unix_ms(joined_at) FROM presence ORDER BY rowid;
            DROP TABLE presence;
            ALTER TABLE presence_new RENAME TO presence;

            CREATE TABLE screen_activity_new (
                room_id TEXT NOT NULL COLLATE NOCASE,
                guest_id TEXT NOT NULL,
                last_snapshot_at INTEGER NOT NULL,
                PRIMARY KEY (room_id, guest_id)
            );
            INSERT INTO screen_activity_new SELECT room_id, guest_id, unix_ms(last_snapshot_at) FROM screen_activity;
            DROP TABLE screen_activity;
            ALTER TABLE screen_activity_new RENAME TO screen_activity;

            CREATE TABLE removed_screen_guests_new (
                room_id TEXT NOT NULL COLLATE NOCASE,
                guest_id TEXT NOT NULL,
                removed_at INTEGER NOT NULL,
                PRIMARY KEY (room_id, guest_id)
            );
            INSERT INTO removed_screen_guests_new SELECT room_id, guest_id, unix_ms(removed_at) FROM removed_screen_guests;
            DROP TABLE removed_screen_guests;
            ALTER TABLE removed_screen_guests_new RENAME TO removed_screen_guests;
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
