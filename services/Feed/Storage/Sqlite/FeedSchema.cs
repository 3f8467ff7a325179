using Hiroba.Sqlite;

namespace Hiroba.Feed.Storage.Sqlite;

/// <summary>The feed database's schema, as migrations for <see cref="SqliteMigrations"/>.</summary>
internal static class FeedSchema
{
    public static IReadOnlyList<SqliteMigration> Migrations { get; } =
    [
        SqliteMigration.Sql("""
        -- AUTOINCREMENT: ids keep growing after the newest post is deleted, so a deleted id never comes back.
        CREATE TABLE posts (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            title        TEXT    NOT NULL,
            body         TEXT    NOT NULL,
            published_at INTEGER NOT NULL -- Unix milliseconds, UTC
        );

        CREATE TABLE outbox (
            sequence    INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id    TEXT    NOT NULL UNIQUE,
            topic       TEXT    NOT NULL,
            data        TEXT    NOT NULL, -- the event as JSON, as the CloudEvent's data
            occurred_at INTEGER NOT NULL, -- Unix milliseconds, UTC
            sent_at     INTEGER           -- null until the broker accepted it
        );
        CREATE INDEX outbox_pending ON outbox (sequence) WHERE sent_at IS NULL;
        CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
        """),
        // The trace the event was stored in (W3C), so that its publish continues the post's request; null when untraced.
        SqliteMigration.Sql("""
        ALTER TABLE outbox ADD COLUMN trace_parent TEXT;
        ALTER TABLE outbox ADD COLUMN trace_state TEXT;
        """),
    ];
}
