using Hiroba.CameraBridge.Data;
using Hiroba.ServiceDefaults;
using Hiroba.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Tests;

public sealed class CameraDatabaseTests
{
    [Fact]
    public async Task A_cameras_db_from_before_migrations_keeps_its_cameras_and_is_brought_to_the_current_version()
    {
        using var folder = new TemporaryDirectory("cameras-db");
        await using (var old = new SqliteConnection($"Data Source={Path.Combine(folder.Path, CameraDatabase.FileName)};Pooling=False"))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            // The schema as the first release created it, without a version.
            command.CommandText = """
                CREATE TABLE cameras (id TEXT PRIMARY KEY COLLATE NOCASE, name TEXT NOT NULL, url TEXT NULL,
                    ayame_room_id TEXT NULL, signaling_key TEXT NULL, added_at INTEGER NOT NULL);
                CREATE TABLE ayame_peers (room_id TEXT NOT NULL COLLATE NOCASE, peer_id TEXT NOT NULL,
                    joined_at INTEGER NOT NULL, PRIMARY KEY (room_id, peer_id));
                INSERT INTO cameras VALUES ('porch', 'Porch', 'ws://192.0.2.7:8080/ws', NULL, NULL, 1);
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var database = new CameraDatabase(Options.Create(new DataOptions { Path = folder.Path }));
        await database.InitializeAsync(CancellationToken.None);

        var cameras = await new CameraRepository(database, TimeProvider.System).ListAsync(CancellationToken.None);
        Assert.Equal(("porch", "Porch", "ws://192.0.2.7:8080/ws"), (cameras.Single().Id, cameras.Single().Name, cameras.Single().Url));
        var version = await database.UseAsync(async (command, ct) =>
        {
            command.CommandText = "PRAGMA user_version;";
            return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }, CancellationToken.None);
        Assert.Equal(1, version);
    }
}
