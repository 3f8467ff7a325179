using Hiroba.PostgreSql;

namespace Hiroba.Rooms.Data;

/// <summary>Section <c>Rooms:Storage</c>: SQLite's <c>rooms.db</c> in the data folder, or a PostgreSQL database the replicas share.</summary>
public sealed record RoomsStorageOptions : StorageOptions
{
    public const string SectionName = "Rooms:Storage";
}
