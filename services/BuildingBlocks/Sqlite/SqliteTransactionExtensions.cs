using Microsoft.Data.Sqlite;

namespace Hiroba.Sqlite;

public static class SqliteTransactionExtensions
{
    /// <summary>A command on the transaction's connection that takes part in the transaction.</summary>
    public static SqliteCommand CreateCommand(this SqliteTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Runs <paramref name="sql"/> (one or more statements) in the transaction; a null value is SQL's NULL.</summary>
    /// <returns>The number of rows changed.</returns>
    public static async Task<int> ExecuteAsync(
        this SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = transaction.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
