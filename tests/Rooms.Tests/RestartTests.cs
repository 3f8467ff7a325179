using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.AccessKeys;
using Hiroba.TestSupport;
using Microsoft.Data.Sqlite;

namespace Hiroba.Rooms.Tests;

public sealed class RestartTests(RoomsStack stack) : IClassFixture<RoomsStack>
{
    [Fact]
    public async Task Rooms_survive_a_restart_and_are_announced_again_at_start_up()
    {
        using var admin = await stack.CreateSignedInClientAsync();
        var created = await (await admin.PostAsJsonAsync("/api/rooms", new { title = "Durable", id = "durable" })).Content.ReadFromJsonAsync<JsonElement>();
        var hostKey = created.GetProperty("hostKey").GetString()!;
        await using var events = await EventProbe.StartAsync(stack.Broker);

        var rooms = stack.Service("Rooms");
        Assert.Equal(0, await rooms.StopAsync());
        await rooms.RestartAsync();

        await events.WaitForAsync("rooms.room-opened", "durable");
        using var host = rooms.CreateClient();
        host.DefaultRequestHeaders.Add("X-Host-Key", hostKey);
        var access = await host.GetFromJsonAsync<JsonElement>("/api/rooms/durable/host");
        Assert.Equal("host", access.GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_database_from_before_snapshot_intervals_is_migrated_and_keeps_its_rooms()
    {
        // The schema as the first release created it, without user_version.
        await RestartWithDatabaseAsync($"""
            CREATE TABLE rooms (id TEXT PRIMARY KEY COLLATE NOCASE, kind TEXT NOT NULL, title TEXT NOT NULL, capacity INTEGER NOT NULL,
                host_key_hash TEXT NULL, signaling_key_hash TEXT NULL, ad_hoc INTEGER NOT NULL, created_at TEXT NOT NULL, closed_at TEXT NULL);
            CREATE TABLE presence (room_id TEXT NOT NULL COLLATE NOCASE, peer_id TEXT NOT NULL, display_name TEXT NOT NULL,
                client_kind TEXT NOT NULL, joined_at TEXT NOT NULL, PRIMARY KEY (room_id, peer_id));
            INSERT INTO rooms VALUES ('old-workshop', 'Workshop', 'From before', 20, '{AccessKey.Hash("old-key")}', NULL, 0, '2026-01-01T00:00:00.0000000+00:00', NULL);
            """);

        using var client = stack.CreateClient();
        var info = await client.GetFromJsonAsync<JsonElement>("/api/rooms/old-workshop");
        Assert.Equal("From before", info.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, info.GetProperty("snapshotIntervalSeconds").ValueKind);
        using var admin = await stack.CreateSignedInClientAsync();
        var created = await (await admin.PostAsJsonAsync("/api/rooms", new { title = "After", id = "after-migration", snapshotIntervalSeconds = 7 }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(7, created.GetProperty("room").GetProperty("snapshotIntervalSeconds").GetInt32());
    }

    [Fact]
    public async Task A_database_with_times_stored_as_text_is_migrated_to_unix_milliseconds_and_reads_back_the_same_times()
    {
        // Schema version 4, as the releases before one time format wrote it: times as ISO 8601 text.
        var rooms = await RestartWithDatabaseAsync($"""
            CREATE TABLE rooms (id TEXT PRIMARY KEY COLLATE NOCASE, kind TEXT NOT NULL, title TEXT NOT NULL, capacity INTEGER NOT NULL,
                host_key_hash TEXT NULL, signaling_key_hash TEXT NULL, ad_hoc INTEGER NOT NULL, created_at TEXT NOT NULL, closed_at TEXT NULL,
                snapshot_interval_seconds INTEGER NULL);
            CREATE TABLE presence (room_id TEXT NOT NULL COLLATE NOCASE, peer_id TEXT NOT NULL, display_name TEXT NOT NULL,
                client_kind TEXT NOT NULL, joined_at TEXT NOT NULL, PRIMARY KEY (room_id, peer_id));
            CREATE TABLE screen_activity (room_id TEXT NOT NULL COLLATE NOCASE, guest_id TEXT NOT NULL, last_snapshot_at TEXT NOT NULL,
                PRIMARY KEY (room_id, guest_id));
            CREATE TABLE removed_screen_guests (room_id TEXT NOT NULL COLLATE NOCASE, guest_id TEXT NOT NULL, removed_at TEXT NOT NULL,
                PRIMARY KEY (room_id, guest_id));
            INSERT INTO rooms VALUES ('text-times', 'Workshop', 'Text times', 20, '{AccessKey.Hash("text-key")}', NULL, 0,
                '2026-01-01T00:00:00.1234567+00:00', NULL, 10);
            INSERT INTO rooms VALUES ('text-closed', 'Call', 'Closed', 4, NULL, NULL, 0,
                '2026-01-01T00:00:01.0000000+00:00', '2026-01-01T05:00:00.0000000+00:00', NULL);
            INSERT INTO presence VALUES ('text-times', 'peer-1', 'Ada', 'Hiroba', '2026-01-02T03:04:05.6780000+00:00');
            INSERT INTO screen_activity VALUES ('text-times', 'guest-1', '2026-01-03T10:00:00.5000000Z');
            INSERT INTO removed_screen_guests VALUES ('text-times', 'guest-2', '2026-01-03T09:00:00.0000000Z');
            PRAGMA user_version = 4;
            """);

        using var admin = await stack.CreateSignedInClientAsync();
        var overview = (await admin.GetFromJsonAsync<JsonElement>("/api/rooms")).EnumerateArray()
            .Single(room => room.GetProperty("room").GetProperty("id").GetString() == "text-times");
        Assert.Equal(1, overview.GetProperty("screens").GetProperty("guests").GetInt32());
        Assert.Equal(new DateTimeOffset(2026, 1, 3, 10, 0, 0, 500, TimeSpan.Zero), overview.GetProperty("screens").GetProperty("lastSnapshotAt").GetDateTimeOffset());
        using var host = rooms.CreateClient();
        host.DefaultRequestHeaders.Add("X-Host-Key", "text-key");
        var peer = (await host.GetFromJsonAsync<JsonElement>("/api/rooms/text-times/presence")).GetProperty("peers").EnumerateArray().Single();
        Assert.Equal(("peer-1", new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero)), (peer.GetProperty("peerId").GetString(), peer.GetProperty("joinedAt").GetDateTimeOffset()));
        Assert.False((await host.GetFromJsonAsync<JsonElement>("/api/rooms/text-closed")).GetProperty("open").GetBoolean());
        await using var migrated = new SqliteConnection($"Data Source={DatabaseFile};Mode=ReadOnly;Pooling=False");
        await migrated.OpenAsync();
        await using var stored = migrated.CreateCommand();
        stored.CommandText = """
            SELECT (SELECT created_at FROM rooms WHERE id = 'text-times'), (SELECT closed_at FROM rooms WHERE id = 'text-closed'),
                (SELECT removed_at FROM removed_screen_guests), (SELECT user_version FROM pragma_user_version)
            """;
        await using var reader = await stored.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(
            (new DateTimeOffset(2026, 1, 1, 0, 0, 0, 123, TimeSpan.Zero).ToUnixTimeMilliseconds(), new DateTimeOffset(2026, 1, 1, 5, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(),
                new DateTimeOffset(2026, 1, 3, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), 6L),
            (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
    }

    private string DatabaseFile => Path.Combine(stack.DataPath("Rooms"), "rooms.db");

    /// <summary>Stops Rooms, replaces its database with one made by <paramref name="sql"/>, and starts Rooms again.</summary>
    private async Task<StackService> RestartWithDatabaseAsync(string sql)
    {
        var rooms = stack.Service("Rooms");
        Assert.Equal(0, await rooms.StopAsync());
        foreach (var existing in Directory.GetFiles(stack.DataPath("Rooms"), "rooms.db*"))
        {
            File.Delete(existing);
        }
        await using (var old = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False"))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        await rooms.RestartAsync();
        return rooms;
    }
}
