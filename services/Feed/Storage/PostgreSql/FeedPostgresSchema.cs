namespace Hiroba.Feed.Storage.PostgreSql;

/// <summary>The feed's PostgreSQL schema, as append-only migrations (<see cref="Hiroba.PostgreSql.PostgresDatabase"/>).</summary>
internal static class FeedPostgresSchema
{
    public static IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE posts (
            id           bigint      PRIMARY KEY,
            title        text        NOT NULL,
            body         text        NOT NULL,
            published_at timestamptz NOT NULL
        );

        CREATE TABLE outbox (
            sequence     bigint      PRIMARY KEY,
            event_id     uuid        NOT NULL UNIQUE,
            topic        text        NOT NULL,
            data         text        NOT NULL, -- the event as JSON, as the CloudEvent's data
            occurred_at  timestamptz NOT NULL,
            trace_parent text,                 -- the trace the event was stored in (W3C); null when untraced
            trace_state  text,
            sent_at      timestamptz           -- null until the broker accepted it
        );
        CREATE INDEX outbox_pending ON outbox (sequence) WHERE sent_at IS NULL;
        CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

        -- The last post id and outbox sequence handed out. Every writing transaction takes its numbers here first and so
        -- holds this row's lock until it commits: numbers become visible in the order they were taken, whichever
        -- replica wrote them, so a reader that has seen post n never finds a post below n later (a sequence would not
        -- promise that). Ids of deleted posts are never handed out again.
        CREATE TABLE counters (
            only_row      boolean PRIMARY KEY DEFAULT true CHECK (only_row),
            last_post_id  bigint  NOT NULL,
            last_sequence bigint  NOT NULL
        );
        INSERT INTO counters VALUES (true, 0, 0);
        """,
    ];
}
