using Hiroba.CameraBridge.Cameras;
using Hiroba.CameraBridge.Data;
using Hiroba.CameraBridge.Data.PostgreSql;
using Hiroba.PostgreSql;
using Hiroba.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Tests;

/// <summary>The camera bridge's PostgreSQL database (Debian's PostgreSQL), which its replicas share.</summary>
public sealed class PostgresCameraStoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private readonly SignalingKeyProtector _signalingKeys = new(new EphemeralDataProtectionProvider());
    private CamerasPostgresDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = new CamerasPostgresDatabase(
            Options.Create(new CamerasStorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = postgres.Server.ConnectionString("cameras") }),
            NullLogger<CamerasPostgresDatabase>.Instance);
        await _database.InitializeAsync(CancellationToken.None);
        await _database.ExecuteAsync(CancellationToken.None,
            new PostgresStatement("DELETE FROM cameras"), new PostgresStatement("DELETE FROM ayame_peers"),
            new PostgresStatement("DELETE FROM ayame_departures"));
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Added_cameras_list_in_the_order_added_with_the_signaling_key_stored_encrypted_and_ids_taken_without_regard_to_case()
    {
        const string key = "signaling-key-of-the-lab";
        var cameras = Repository();
        Assert.True(await cameras.TryAddAsync(Camera("porch", new MomoP2pEndpoint(new Uri("ws://192.0.2.7:8080/ws"))), CancellationToken.None));
        Assert.True(await cameras.TryAddAsync(Camera("lab", new AyameRoomEndpoint("lab-room", key)), CancellationToken.None));

        Assert.False(await cameras.TryAddAsync(Camera("PORCH", new MomoP2pEndpoint(new Uri("ws://192.0.2.8:8080/ws"))), CancellationToken.None));
        var listed = await cameras.ListAsync(CancellationToken.None);
        Assert.Equal(["porch", "lab"], listed.Select(camera => camera.Id));
        Assert.Equal(("ws://192.0.2.7:8080/ws", "lab-room", key), (listed[0].Url, listed[1].AyameRoomId, listed[1].SignalingKey));
        var stored = await _database.QueryAsync("SELECT protected_signaling_key FROM cameras WHERE id = 'lab'", reader => reader.GetString(0), CancellationToken.None);
        Assert.DoesNotContain(key, Assert.Single(stored), StringComparison.Ordinal);

        Assert.True(await cameras.RemoveAsync("Lab", CancellationToken.None));
        Assert.False(await cameras.RemoveAsync("lab", CancellationToken.None));
        Assert.Equal(["porch"], (await cameras.ListAsync(CancellationToken.None)).Select(camera => camera.Id));
    }

    [Fact]
    public async Task A_join_a_replica_applies_after_another_applied_the_departure_adds_nothing_and_a_signaling_restart_forgets_older_peers()
    {
        var peers = new PostgresAyamePeerRepository(_database, TimeProvider.System);
        // Whole milliseconds: PostgreSQL keeps microseconds, and a peer read back must equal the one stored.
        var joinedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds());
        var momo = new AyamePeer("lab-room", "momo-1", joinedAt);
        var late = new AyamePeer("porch-room", "momo-2", joinedAt);

        await peers.AddAsync(momo, CancellationToken.None);
        await peers.RemoveAsync("porch-room", "momo-2", CancellationToken.None);
        await peers.AddAsync(late, CancellationToken.None);
        await peers.AddAsync(momo, CancellationToken.None);

        Assert.Equal([momo], await peers.ListAsync(CancellationToken.None));
        await peers.RemoveJoinedBeforeAsync(joinedAt.AddSeconds(1), CancellationToken.None);
        Assert.Empty(await peers.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task One_session_at_a_time_holds_the_lease_and_it_passes_on_when_the_holders_session_ends()
    {
        await using var first = new Leadership.PostgresLeaderLease(_database);
        await using var second = new Leadership.PostgresLeaderLease(_database);

        Assert.True(await first.TryTakeAsync(CancellationToken.None));
        Assert.False(await second.TryTakeAsync(CancellationToken.None));
        Assert.True(await first.StillHeldAsync(CancellationToken.None));

        // The server ends the holder's session (as when its connection breaks).
        await _database.ExecuteAsync(CancellationToken.None,
            new PostgresStatement("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()"));

        Assert.False(await first.StillHeldAsync(CancellationToken.None));
        Assert.True(await second.TryTakeAsync(CancellationToken.None));
    }

    private PostgresCameraRepository Repository() =>
        new(_database, _signalingKeys, TimeProvider.System, NullLogger<PostgresCameraRepository>.Instance);

    private static Camera Camera(string id, CameraEndpoint endpoint) => new(id, id, CameraSource.Admin, endpoint);
}
