using System.Runtime.Versioning;
using Hiroba.TestSupport;
using Npgsql;

namespace Hiroba.LocalComponents.Tests;

/// <summary>Debian's PostgreSQL as <see cref="PostgresServer"/> runs it for tests, benchmarks and a local cluster.</summary>
[SupportedOSPlatform("linux")]
public sealed class PostgresTests : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();

    private PostgresServer Server => _postgres.Server;

    public Task InitializeAsync() => _postgres.StartAsync();

    public Task DisposeAsync() => _postgres.DisposeAsync().AsTask();

    [Fact]
    public async Task Lets_in_its_user_with_the_password_alone()
    {
        var connectionString = Server.ConnectionString("feed");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            Assert.Equal("feed", connection.Database);
        }

        var wrong = new NpgsqlConnectionStringBuilder(connectionString) { Password = Secrets.Create() }.ConnectionString;
        await using var refused = new NpgsqlConnection(wrong);
        var error = await Assert.ThrowsAsync<PostgresException>(() => refused.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    [Fact]
    public async Task Stops_at_once_while_sessions_are_open_and_keeps_its_data_across_a_restart()
    {
        await using (var connection = new NpgsqlConnection(Server.ConnectionString("feed")))
        {
            await connection.OpenAsync();
            await using var write = new NpgsqlCommand("CREATE TABLE kept (value text); INSERT INTO kept VALUES ('across the restart');", connection);
            await write.ExecuteNonQueryAsync();

            // SIGTERM (a smart shutdown) would wait for this open session until the grace period ended in a SIGKILL (137).
            var stopping = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal(0, await Server.StopAsync());
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"Stopping took {stopping.Elapsed}.");
        }

        await Server.StartAsync(CancellationToken.None);
        // Not from the pool: the restart ended the pooled connection, which would fail at its first command.
        await using var reconnected = new NpgsqlConnection(Server.ConnectionString("feed") + ";Pooling=false");
        await reconnected.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT value FROM kept;", reconnected);
        Assert.Equal("across the restart", await read.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Keeps_the_password_off_its_command_line_and_out_of_its_folder()
    {
        var commandLine = await File.ReadAllTextAsync($"/proc/{Server.Process!.Id}/cmdline");
        Assert.DoesNotContain(_postgres.Password, commandLine, StringComparison.Ordinal);
        var folder = Path.GetDirectoryName(Server.DataDirectory)!;
        Assert.DoesNotContain(Directory.EnumerateFiles(folder), file => Path.GetFileName(file) == "initdb-password");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Server.DataDirectory));
    }
}
