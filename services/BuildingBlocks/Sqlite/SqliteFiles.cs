using Microsoft.Data.Sqlite;

namespace Hiroba.Sqlite;

/// <summary>How every service opens its SQLite file.</summary>
public static class SqliteFiles
{
    /// <summary>A pooled read-write connection string for <paramref name="fileName"/> in <paramref name="folder"/> (created on first open).</summary>
    public static string ConnectionString(string folder, string fileName) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(Path.GetFullPath(folder), fileName),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
    }.ToString();
}
