using Hiroba.LocalComponents;

namespace Hiroba.TestSupport;

/// <summary>
/// Debian's PostgreSQL in a temp folder (<see cref="PostgresServer"/>) with a database per service that can use it (Feed,
/// Rooms, Signaling's replicas, the camera bridge) and a random password. Commits do not wait for their disk sync: nothing here must outlive a crash of the machine.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new("postgres");

    public PostgresFixture()
    {
        Server = new PostgresServer(new PostgresOptions(_directory.Path, Password, ["feed", "rooms", "signaling", "cameras"], SyncCommits: false));
    }

    public PostgresServer Server { get; }

    public string Password { get; } = Secrets.Create();

    /// <summary>The settings that give <paramref name="serviceName"/> (<c>Feed</c>, <c>Rooms</c>) its database here.</summary>
    public void AddStorageSettings(IDictionary<string, string?> settings, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings[$"{serviceName}:Storage:Provider"] = "PostgreSql";
        settings[$"{serviceName}:Storage:ConnectionString"] = Server.ConnectionString(serviceName.ToLowerInvariant());
    }

    public Task StartAsync() => Server.StartAsync(CancellationToken.None);

    Task IAsyncLifetime.InitializeAsync() => StartAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
