using Hiroba.PostgreSql;
using Microsoft.Extensions.Options;

namespace Hiroba.Rooms.Data.PostgreSql;

/// <summary>The rooms' PostgreSQL database, which every Rooms replica shares (<see cref="PostgresDatabase"/>).</summary>
public sealed class RoomsPostgresDatabase(IOptions<RoomsStorageOptions> options, ILogger<RoomsPostgresDatabase> logger)
    : PostgresDatabase(options.Value.ConnectionString!, logger), IRoomsDatabase
{
    protected override IReadOnlyList<string> Migrations => RoomsPostgresSchema.Migrations;

    /// <summary>
    /// A statement that holds, until the end of its transaction, the lock of one peer or guest of a room: what it joined
    /// and left, or shared and was removed from, is then applied one after the other even when two replicas apply them
    /// at once (otherwise each could miss the other's uncommitted row and a peer that left would stay).
    /// </summary>
    public static PostgresStatement LockMember(string roomId, string memberId) =>
        new("SELECT pg_advisory_xact_lock(hashtextextended(lower($1) || ' ' || $2, 0));", roomId, memberId);
}
