using Hiroba.PostgreSql;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Data.PostgreSql;

/// <summary>The cameras' PostgreSQL database, which every bridge replica shares (<see cref="PostgresDatabase"/>).</summary>
public sealed class CamerasPostgresDatabase(IOptions<CamerasStorageOptions> options, ILogger<CamerasPostgresDatabase> logger)
    : PostgresDatabase(options.Value.ConnectionString!, logger), ICamerasDatabase
{
    /// <summary>Advisory lock held by the replica that serves the cameras (<see cref="Leadership.BridgeLeadership"/>).</summary>
    public const long LeaderLockKey = 0x4869726f62610003;

    protected override IReadOnlyList<string> Migrations => CamerasPostgresSchema.Migrations;
}
