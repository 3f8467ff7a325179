namespace Hiroba.Sqlite;

/// <summary>Which file a <see cref="SqliteDatabase"/> is and how its writes are kept.</summary>
/// <param name="Folder">Created if missing (the data folder, made private by the service defaults).</param>
public sealed record SqliteDatabaseOptions(string Folder, string FileName)
{
    /// <summary>
    /// <c>synchronous = FULL</c>: a commit waits for a disk sync, so it survives a power loss. Otherwise <c>NORMAL</c>:
    /// it survives the process crashing, and the last commits before a power loss may roll back.
    /// </summary>
    public bool SyncEveryCommit { get; init; }

    /// <summary>More <c>PRAGMA</c>s for the writing connection, such as <c>secure_delete</c>.</summary>
    public string WriterPragmas { get; init; } = "";
}
