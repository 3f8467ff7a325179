using Hiroba.LocalComponents;

namespace Hiroba.AppHost;

/// <summary>
/// Debian's PostgreSQL as ./run starts it when services run as several processes (HIROBA_REPLICAS above 1): a cluster
/// in <c>&lt;data&gt;/postgres</c> with the databases of <see cref="SharedDatabase"/>, on a loopback port, with the
/// password kept in the data folder's secrets. Started before the model and stopped after it, as the services need it
/// before they are healthy.
/// </summary>
internal sealed class LocalDatabase : IAsyncDisposable
{
    public const string FolderName = "postgres";

    private readonly PostgresServer _server;

    private LocalDatabase(PostgresServer server, SharedDatabase shared) => (_server, Shared) = (server, shared);

    public SharedDatabase Shared { get; }

    public static async Task<LocalDatabase> StartAsync(
        RunSettings settings, LocalSecrets secrets, Action<string> onOutputLine, CancellationToken cancellationToken)
    {
        var server = new PostgresServer(new PostgresOptions(
            Path.Combine(settings.DataPath, FolderName), secrets.DatabasePassword, SharedDatabase.Databases, OnOutputLine: onOutputLine));
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return new LocalDatabase(server, new SharedDatabase("127.0.0.1", server.Port, PostgresServer.User, secrets.DatabasePassword));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
