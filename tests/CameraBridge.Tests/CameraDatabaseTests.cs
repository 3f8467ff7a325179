using System.Runtime.Versioning;
using Hiroba.CameraBridge.Data;
using Hiroba.CameraBridge.Data.Sqlite;
using Hiroba.ServiceDefaults;
using Hiroba.Sqlite;
using Hiroba.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Tests;

[SupportedOSPlatform("linux")]
public sealed class CameraDatabaseTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new("cameras-db");
    private readonly SignalingKeyProtector _signalingKeys = new(new EphemeralDataProtectionProvider());

    [Fact]
    public async Task A_cameras_db_from_before_migrations_keeps_its_cameras_and_is_brought_to_the_current_version()
    {
        // The schema as the first release created it, without a version.
        await CreateOldDatabaseAsync(version: 0, "INSERT INTO cameras VALUES ('porch', 'Porch', 'ws://192.0.2.7:8080/ws', NULL, NULL, 1);");

        await using var database = await OpenAsync();

        var cameras = await Repository(database).ListAsync(CancellationToken.None);
        Assert.Equal(("porch", "Porch", "ws://192.0.2.7:8080/ws"), (cameras.Single().Id, cameras.Single().Name, cameras.Single().Url));
        Assert.Equal(2, await ScalarAsync<long>(database, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_signaling_key_stored_in_plain_text_is_encrypted_and_no_file_of_the_database_holds_it_any_more()
    {
        const string key = "plain-signaling-key-of-the-first-release";
        await CreateOldDatabaseAsync(version: 1, $"INSERT INTO cameras VALUES ('lab', 'Lab', NULL, 'lab-room', '{key}', 1);");
        Assert.Contains(DatabaseFiles(), file => File.ReadAllText(file).Contains(key, StringComparison.Ordinal));

        await using var database = await OpenAsync();

        var lab = Assert.Single(await Repository(database).ListAsync(CancellationToken.None));
        Assert.Equal(("lab", "lab-room", key), (lab.Id, lab.AyameRoomId, lab.SignalingKey));
        var stored = await ScalarAsync<string>(database, "SELECT protected_signaling_key FROM cameras;");
        Assert.DoesNotContain(key, stored, StringComparison.Ordinal);
        DataFolderAssertions.AssertNowhere(_folder.Path, key);
    }

    [Fact]
    public async Task A_signaling_key_the_key_ring_cannot_decrypt_leaves_the_camera_out_and_its_row_in_place()
    {
        await using (var database = await OpenAsync())
        {
            await database.WriteAsync((transaction, ct) => transaction.ExecuteAsync(
                "INSERT INTO cameras VALUES ('lab', 'Lab', NULL, 'lab-room', $key, 1);", ct,
                ("$key", new SignalingKeyProtector(new EphemeralDataProtectionProvider()).Protect("another-key-ring"))), CancellationToken.None);
        }

        await using var reopened = await OpenAsync();

        Assert.Null(Assert.Single(await Repository(reopened).ListAsync(CancellationToken.None)).SignalingKey);
        Assert.Equal(1, await ScalarAsync<long>(reopened, "SELECT count(*) FROM cameras;"));
    }

    public void Dispose() => _folder.Dispose();

    private async Task CreateOldDatabaseAsync(int version, string insert)
    {
        await using var old = new SqliteConnection($"Data Source={Path.Combine(_folder.Path, CameraDatabase.FileName)};Pooling=False");
        await old.OpenAsync();
        await using var command = old.CreateCommand();
        command.CommandText = $"""
            PRAGMA journal_mode = WAL;
            CREATE TABLE cameras (id TEXT PRIMARY KEY COLLATE NOCASE, name TEXT NOT NULL, url TEXT NULL,
                ayame_room_id TEXT NULL, signaling_key TEXT NULL, added_at INTEGER NOT NULL);
            CREATE TABLE ayame_peers (room_id TEXT NOT NULL COLLATE NOCASE, peer_id TEXT NOT NULL,
                joined_at INTEGER NOT NULL, PRIMARY KEY (room_id, peer_id));
            {insert}
            PRAGMA user_version = {version};
            """;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<CameraDatabase> OpenAsync()
    {
        var database = new CameraDatabase(
            Options.Create(new DataOptions { Path = _folder.Path }), _signalingKeys, NullLogger<CameraDatabase>.Instance);
        await database.InitializeAsync(CancellationToken.None);
        return database;
    }

    private SqliteCameraRepository Repository(CameraDatabase database) =>
        new(database, _signalingKeys, TimeProvider.System, NullLogger<SqliteCameraRepository>.Instance);

    private string[] DatabaseFiles() => Directory.GetFiles(_folder.Path, CameraDatabase.FileName + "*");

    private static async Task<T> ScalarAsync<T>(CameraDatabase database, string sql)
    {
        await using var connection = await database.OpenReaderAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
