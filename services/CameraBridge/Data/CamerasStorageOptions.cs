using Hiroba.PostgreSql;

namespace Hiroba.CameraBridge.Data;

/// <summary>
/// Section <c>Cameras:Storage</c>: SQLite's <c>cameras.db</c> in the data folder (one replica), or a PostgreSQL database
/// the replicas share, which also chooses the replica that serves (docs/scaling.md).
/// </summary>
public sealed record CamerasStorageOptions : StorageOptions
{
    public const string SectionName = "Cameras:Storage";
}
