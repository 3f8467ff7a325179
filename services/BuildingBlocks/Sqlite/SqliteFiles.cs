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

    /// <summary>
    /// Creates <paramref name="folder"/> if needed and opens <paramref name="fileName"/> in it with
    /// <see cref="ConnectionString"/>, running <paramref name="pragmas"/> on the new connection.
    /// </summary>
    public static async Task<SqliteConnection> OpenAsync(string folder, string fileName, string pragmas, CancellationToken cancellationToken)
    {
        SQLitePCL.Batteries_V2.Init();
        Directory.CreateDirectory(folder);
        var connection = new SqliteConnection(ConnectionString(folder, fileName));
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
