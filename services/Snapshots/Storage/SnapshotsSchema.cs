using Hiroba.Sqlite;

namespace Hiroba.Snapshots.Storage;

/// <summary>
/// The schema of <c>snapshots.db</c> as an append-only list of migrations (<c>PRAGMA user_version</c> counts those
/// that ran). Times are Unix milliseconds. Image bytes are never stored here, only their metadata.
/// </summary>
internal static class SnapshotsSchema
{
    public static IReadOnlyList<SqliteMigration> Migrations { get; } =
    [
        SqliteMigration.Sql("""
        CREATE TABLE rooms (
            id               TEXT    PRIMARY KEY COLLATE NOCASE,
            title            TEXT    NOT NULL,
            capacity         INTEGER NOT NULL,
            host_key_hash    TEXT    NULL,
            interval_seconds INTEGER NOT NULL,
            closed_at        INTEGER NULL,
            purged           INTEGER NOT NULL DEFAULT 0 -- 1 once the closed room's images and guests are deleted
        );
        CREATE TABLE guests (
            room_id      TEXT    NOT NULL COLLATE NOCASE,
            id           TEXT    NOT NULL,
            name         TEXT    NOT NULL,
            token_hash   TEXT    NOT NULL,
            joined_at    INTEGER NOT NULL,
            status       TEXT    NOT NULL,
            hand         TEXT    NOT NULL,
            uploads      INTEGER NOT NULL,
            last_seen_at INTEGER NULL,
            PRIMARY KEY (room_id, id)
        );
        CREATE TABLE snapshots (
            room_id  TEXT    NOT NULL COLLATE NOCASE,
            id       TEXT    NOT NULL,
            guest_id TEXT    NOT NULL,
            format   TEXT    NOT NULL,
            size     INTEGER NOT NULL,
            width    INTEGER NOT NULL,
            height   INTEGER NOT NULL,
            taken_at INTEGER NOT NULL,
            PRIMARY KEY (room_id, id)
        );
        """),
        // The guests the host removed, so that their tokens stay refused wherever the room is taken over (docs/scaling.md).
        SqliteMigration.Sql("""
        CREATE TABLE removed_guests (
            room_id TEXT NOT NULL COLLATE NOCASE,
            id      TEXT NOT NULL,
            PRIMARY KEY (room_id, id)
        );
        """),
    ];
}
