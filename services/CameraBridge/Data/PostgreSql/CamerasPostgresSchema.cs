namespace Hiroba.CameraBridge.Data.PostgreSql;

/// <summary>The cameras' PostgreSQL schema, as append-only migrations: the tables of <c>cameras.db</c>, with PostgreSQL's types.</summary>
internal static class CamerasPostgresSchema
{
    public static IReadOnlyList<string> Migrations { get; } =
    [
        """
        -- Camera and room ids compare without regard to case, as in SQLite (COLLATE NOCASE).
        CREATE COLLATION camera_id (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

        CREATE TABLE cameras (
            id                      text COLLATE camera_id PRIMARY KEY,
            name                    text        NOT NULL,
            url                     text,
            ayame_room_id           text,
            protected_signaling_key text,
            added_at                timestamptz NOT NULL,
            added_order             bigint GENERATED ALWAYS AS IDENTITY
        );

        CREATE TABLE ayame_peers (
            room_id   text COLLATE camera_id NOT NULL,
            peer_id   text        NOT NULL,
            joined_at timestamptz NOT NULL,
            PRIMARY KEY (room_id, peer_id)
        );

        -- Peers that left, so that a replica applying a join late (after another applied the departure) adds nothing.
        CREATE TABLE ayame_departures (
            room_id text COLLATE camera_id NOT NULL,
            peer_id text        NOT NULL,
            left_at timestamptz NOT NULL,
            PRIMARY KEY (room_id, peer_id)
        );
        """,
    ];
}
