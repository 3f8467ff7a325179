using Hiroba.ServiceDefaults;
using Hiroba.Sqlite;
using Microsoft.Extensions.Options;

namespace Hiroba.Rooms.Data.Sqlite;

/// <summary>
/// The SQLite file <c>rooms.db</c> under <c>Data:Path</c> (<see cref="SqliteDatabase"/>): rooms and the presence and
/// screen activity projections.
/// </summary>
public sealed class RoomsDatabase(IOptions<DataOptions> options, ILogger<RoomsDatabase> logger)
    : SqliteDatabase(new SqliteDatabaseOptions(options.Value.Path, FileName), logger), IRoomsDatabase
{
    public const string FileName = "rooms.db";

    protected override IReadOnlyList<SqliteMigration> Migrations => RoomsSchema.Migrations;
}
