using Hiroba.LocalComponents;

namespace Hiroba.TestSupport;

/// <summary>
/// Debian's PostgreSQL in a temp folder (<see cref="PostgresServer"/>) with a database per service that uses it and a
/// random password. Commits skip the disk sync: nothing here must outlive a crash of the machine.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new("postgres");

    public PostgresFixture()
    {
        Server = new PostgresServer(new PostgresOptions(_directory.Path, Secrets.Create(), ["feed"], SyncCommits: false));
    }

    public PostgresServer Server { get; }

    /// <summary>Feed's settings for its database here.</summary>
    public void AddFeedSettings(IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Feed:Storage:Provider"] = "PostgreSql";
        settings["Feed:Storage:ConnectionString"] = Server.ConnectionString("feed");
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
