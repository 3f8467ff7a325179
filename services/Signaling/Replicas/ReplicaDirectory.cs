using Hiroba.EventBus.Abstractions;
using Hiroba.PostgreSql;
using Microsoft.Extensions.Options;

namespace Hiroba.Signaling.Replicas;

/// <summary>
/// The shared record of which Signaling replicas are alive and which one runs each room (its home). The first replica
/// that claims a room stays its home for as long as it says it is alive (a home that let go of an empty room could
/// race with a join that just found it there); then the next claim, from any replica, wins it. Each replica says there
/// too where the relay events for it go: its event bus inbox.
/// </summary>
public sealed class ReplicaDirectory(
    IOptions<SignalingReplicasOptions> options, EventBusInbox inbox, TimeProvider timeProvider, ILogger<ReplicaDirectory> logger)
    : PostgresDatabase(options.Value.ConnectionString!, logger)
{
    private readonly SignalingReplicasOptions _options = options.Value;

    public Guid Me { get; } = Guid.CreateVersion7();

    public EventBusInbox Inbox => inbox;

    protected override IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE replicas (
            replica uuid        PRIMARY KEY,
            seen_at timestamptz NOT NULL
        );
        -- Room ids compare without regard to case, as everywhere in Hiroba.
        CREATE COLLATION room_id (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
        CREATE TABLE homes (
            endpoint text                 NOT NULL,
            room_id  text COLLATE room_id NOT NULL,
            replica  uuid                 NOT NULL,
            PRIMARY KEY (endpoint, room_id)
        );
        """,
        "ALTER TABLE replicas ADD COLUMN inbox text NOT NULL DEFAULT '';",
    ];

    /// <summary>Says this replica is alive, forgets replicas gone for long, and returns those alive now.</summary>
    public async Task<HashSet<Guid>> BeatAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await ExecuteAsync(cancellationToken,
            new PostgresStatement(
                "INSERT INTO replicas (replica, seen_at, inbox) VALUES ($1, $2, $3) ON CONFLICT (replica) DO UPDATE SET seen_at = excluded.seen_at",
                Me, now, inbox.Address),
            new PostgresStatement("DELETE FROM replicas WHERE seen_at < $1", now - 10 * _options.ReplicaTimeout),
            new PostgresStatement("DELETE FROM homes WHERE NOT EXISTS (SELECT 1 FROM replicas WHERE replicas.replica = homes.replica)"));
        return [.. await QueryAsync("SELECT replica FROM replicas WHERE seen_at >= $1", reader => reader.GetGuid(0), cancellationToken,
            now - _options.ReplicaTimeout)];
    }

    /// <summary>
    /// The inbox of <paramref name="replica"/>; null once it is forgotten (gone for long), and for a replica of a version
    /// before inboxes, which reads a topic no replica publishes on any more.
    /// </summary>
    public async Task<string?> InboxOfAsync(Guid replica, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT inbox FROM replicas WHERE replica = $1 AND inbox <> ''", reader => reader.GetString(0), cancellationToken, replica))
        .SingleOrDefault();

    /// <summary>Forgets this replica and its rooms, on a graceful stop: the others take its rooms over at once.</summary>
    public Task LeaveAsync(CancellationToken cancellationToken) => ExecuteAsync(cancellationToken,
        new PostgresStatement("DELETE FROM homes WHERE replica = $1", Me),
        new PostgresStatement("DELETE FROM replicas WHERE replica = $1", Me));

    /// <summary>
    /// The room's home: this replica when nobody runs the room, or when the replica that did has stopped saying it is
    /// alive (it takes the room over); otherwise the replica that runs it.
    /// </summary>
    public async Task<Guid> ClaimAsync(string endpoint, string roomId, CancellationToken cancellationToken)
    {
        var claimed = await QueryAsync("""
            INSERT INTO homes (endpoint, room_id, replica) VALUES ($1, $2, $3)
            ON CONFLICT (endpoint, room_id) DO UPDATE SET replica = excluded.replica
                WHERE NOT EXISTS (SELECT 1 FROM replicas WHERE replicas.replica = homes.replica AND replicas.seen_at >= $4)
            RETURNING replica
            """, reader => reader.GetGuid(0), cancellationToken, endpoint, roomId, Me, timeProvider.GetUtcNow() - _options.ReplicaTimeout);
        if (claimed.Count == 1)
        {
            return claimed[0];
        }
        var home = await QueryAsync("SELECT replica FROM homes WHERE endpoint = $1 AND room_id = $2", reader => reader.GetGuid(0),
            cancellationToken, endpoint, roomId);
        // Forgotten between the two statements (its home was long gone): claim it again.
        return home.Count == 1 ? home[0] : await ClaimAsync(endpoint, roomId, cancellationToken);
    }
}
