using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Hiroba.Sqlite;

/// <summary>
/// A database schema as an append-only list of migrations; <c>PRAGMA user_version</c> records how many ran. Never edit
/// a shipped migration: add the next one.
/// </summary>
public static class SqliteMigrations
{
    /// <summary>Runs the migrations the database has not had yet, each in its own transaction.</summary>
    /// <returns>The schema versions reached, one per migration run (empty when it was up to date).</returns>
    /// <exception cref="InvalidOperationException">The database is newer than <paramref name="migrations"/>.</exception>
    public static async Task<IReadOnlyList<int>> ApplyAsync(
        SqliteConnection connection, IReadOnlyList<SqliteMigration> migrations, string fileName, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (version > migrations.Count)
        {
            throw new InvalidOperationException($"{fileName} has schema version {version}, newer than this build knows ({migrations.Count}).");
        }

        var reached = new List<int>();
        for (var next = version; next < migrations.Count; next++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using (var migrate = connection.CreateCommand())
            {
                migrate.Transaction = transaction;
                await migrations[next].RunAsync(migrate, cancellationToken);
            }
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = $"PRAGMA user_version = {next + 1};";
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            reached.Add(next + 1);
        }
        return reached;
    }
}
