namespace Hiroba.PostgreSql;

/// <summary>One SQL statement with its positional parameters' values (<c>$1</c> is the first).</summary>
public sealed record PostgresStatement(string Sql, params object?[] Values)
{
    /// <summary>
    /// Holds, until the end of its transaction, the advisory lock of one member of a group (a peer of a room): what two
    /// replicas apply to it at once is then applied one after the other, and neither misses the other's uncommitted row.
    /// Group ids compare without regard to case.
    /// </summary>
    public static PostgresStatement LockPair(string groupId, string memberId) =>
        new("SELECT pg_advisory_xact_lock(hashtextextended(lower($1) || ' ' || $2, 0));", groupId, memberId);
}
