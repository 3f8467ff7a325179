using Hiroba.ServiceDefaults;
using Hiroba.Sqlite;
using Microsoft.Extensions.Options;

namespace Hiroba.Snapshots.Storage;

/// <summary>
/// The SQLite file <c>snapshots.db</c> in <c>Data:Path</c> (<see cref="SqliteDatabase"/>), with <c>synchronous = NORMAL</c>:
/// metadata of images that are replaced every few seconds does not need a disk flush per upload.
/// </summary>
public sealed class SnapshotsDatabase(IOptions<DataOptions> options, ILogger<SnapshotsDatabase> logger)
    : SqliteDatabase(new SqliteDatabaseOptions(options.Value.Path, FileName), logger)
{
    public const string FileName = "snapshots.db";

    protected override IReadOnlyList<SqliteMigration> Migrations => SnapshotsSchema.Migrations;
}
