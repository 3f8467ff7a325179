using Microsoft.Data.Sqlite;

namespace Hiroba.Sqlite;

/// <summary>
/// One step of a schema (<see cref="SqliteMigrations"/>): SQL, or code for what SQL cannot do, such as encrypting values
/// already stored. Either runs with a command inside the step's transaction.
/// </summary>
public sealed record SqliteMigration(Func<SqliteCommand, CancellationToken, Task> RunAsync)
{
    public static SqliteMigration Sql(string sql) => new(async (command, cancellationToken) =>
    {
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    });
}
