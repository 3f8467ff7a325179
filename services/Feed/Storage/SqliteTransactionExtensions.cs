using Microsoft.Data.Sqlite;

namespace Hiroba.Feed.Storage;

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
}
