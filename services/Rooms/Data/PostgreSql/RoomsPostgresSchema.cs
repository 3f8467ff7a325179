namespace Hiroba.Rooms.Data.PostgreSql;

/// <summary>The rooms' PostgreSQL schema, as append-only migrations: the tables of <c>rooms.db</c>, with PostgreSQL's types.</summary>
internal static class RoomsPostgresSchema
{
    public static IReadOnlyList<string> Migrations { get; } =
    [
        """
        -- Room ids compare without regard to case, as in SQLite (COLLATE NOCASE).
        CREATE COLLATION room_id (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

        CREATE TABLE rooms (
            id                        text COLLATE room_id PRIMARY KEY,
            kind                      text        NOT NULL,
            title                     text        NOT NULL,
            capacity                  integer     NOT NULL,
            host_key_hash             text,
            signaling_key_hash        text,
            ad_hoc                    boolean     NOT NULL,
            created_at                timestamptz NOT NULL,
            closed_at                 timestamptz,
            snapshot_interval_seconds integer,
            created_order             bigint GENERATED ALWAYS AS IDENTITY
        );

        CREATE TABLE presence (
            room_id      text COLLATE room_id NOT NULL,
            peer_id      text        NOT NULL,
            display_name text        NOT NULL,
            client_kind  text        NOT NULL,
            joined_at    timestamptz NOT NULL,
            joined_order bigint GENERATED ALWAYS AS IDENTITY,
            PRIMARY KEY (room_id, peer_id)
        );

        CREATE TABLE left_peers (
            room_id text COLLATE room_id NOT NULL,
            peer_id text        NOT NULL,
            left_at timestamptz NOT NULL,
            PRIMARY KEY (room_id, peer_id)
        );
        CREATE INDEX left_peers_by_time ON left_peers (left_at);

        CREATE TABLE screen_activity (
            room_id          text COLLATE room_id NOT NULL,
            guest_id         text        NOT NULL,
            last_snapshot_at timestamptz NOT NULL,
            PRIMARY KEY (room_id, guest_id)
        );

        CREATE TABLE removed_screen_guests (
            room_id    text COLLATE room_id NOT NULL,
            guest_id   text        NOT NULL,
            removed_at timestamptz NOT NULL,
            PRIMARY KEY (room_id, guest_id)
        );
        """,
    ];
}
