using Hiroba.PostgreSql;
using Microsoft.Extensions.Options;

namespace Hiroba.Rooms.Data.PostgreSql;

/// <summary>The rooms' PostgreSQL database, which every Rooms replica shares (<see cref="PostgresDatabase"/>).</summary>
public sealed class RoomsPostgresDatabase(IOptions<RoomsStorageOptions> options, ILogger<RoomsPostgresDatabase> logger)
    : PostgresDatabase(options.Value.ConnectionString!, logger), IRoomsDatabase
{
    protected override IReadOnlyList<string> Migrations => RoomsPostgresSchema.Migrations;
}
