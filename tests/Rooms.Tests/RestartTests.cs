using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.Contracts.Rooms;
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
        var rooms = stack.Service("Rooms");
        Assert.Equal(0, await rooms.StopAsync());
        var file = Path.Combine(stack.DataPath("Rooms"), "rooms.db");
        foreach (var existing in Directory.GetFiles(stack.DataPath("Rooms"), "rooms.db*"))
        {
            File.Delete(existing);
        }
        SQLitePCL.Batteries_V2.Init();
        await using (var old = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            // The schema as the first release created it, without user_version.
            command.CommandText = $"""
                CREATE TABLE rooms (id TEXT PRIMARY KEY COLLATE NOCASE, kind TEXT NOT NULL, title TEXT NOT NULL, capacity INTEGER NOT NULL,
                    host_key_hash TEXT NULL, signaling_key_hash TEXT NULL, ad_hoc INTEGER NOT NULL, created_at TEXT NOT NULL, closed_at TEXT NULL);
                CREATE TABLE presence (room_id TEXT NOT NULL COLLATE NOCASE, peer_id TEXT NOT NULL, display_name TEXT NOT NULL,
                    client_kind TEXT NOT NULL, joined_at TEXT NOT NULL, PRIMARY KEY (room_id, peer_id));
                INSERT INTO rooms VALUES ('old-workshop', 'Workshop', 'From before', 20, '{RoomSecrets.Hash("old-key")}', NULL, 0, '2026-01-01T00:00:00.0000000+00:00', NULL);
                """;
            await command.ExecuteNonQueryAsync();
        }

        await rooms.RestartAsync();

        using var client = stack.CreateClient();
        var info = await client.GetFromJsonAsync<JsonElement>("/api/rooms/old-workshop");
        Assert.Equal("From before", info.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, info.GetProperty("snapshotIntervalSeconds").ValueKind);
        using var admin = await stack.CreateSignedInClientAsync();
        var created = await (await admin.PostAsJsonAsync("/api/rooms", new { title = "After", id = "after-migration", snapshotIntervalSeconds = 7 }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(7, created.GetProperty("room").GetProperty("snapshotIntervalSeconds").GetInt32());
    }
}
