namespace Hiroba.PostgreSql;

/// <summary>One SQL statement with its positional parameters' values (<c>$1</c> is the first).</summary>
public sealed record PostgresStatement(string Sql, params object?[] Values);
