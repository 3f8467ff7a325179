using Hiroba.Sqlite;

namespace Hiroba.CameraBridge.Data.Sqlite;

/// <summary>The Ayame peers in <c>cameras.db</c> (<see cref="IAyamePeerRepository"/>).</summary>
public sealed class SqliteAyamePeerRepository(CameraDatabase database) : IAyamePeerRepository
{
    public Task AddAsync(AyamePeer peer, CancellationToken cancellationToken) =>
        database.WriteAsync((transaction, ct) => transaction.ExecuteAsync(
            "INSERT OR IGNORE INTO ayame_peers (room_id, peer_id, joined_at) VALUES ($roomId, $peerId, $joinedAt)", ct,
            ("$roomId", peer.RoomId), ("$peerId", peer.PeerId), ("$joinedAt", peer.JoinedAt.ToUnixTimeMilliseconds())), cancellationToken);

    public Task RemoveAsync(string roomId, string peerId, CancellationToken cancellationToken) =>
        database.WriteAsync((transaction, ct) => transaction.ExecuteAsync(
            "DELETE FROM ayame_peers WHERE room_id = $roomId AND peer_id = $peerId", ct,
            ("$roomId", roomId), ("$peerId", peerId)), cancellationToken);

    public Task RemoveJoinedBeforeAsync(DateTimeOffset time, CancellationToken cancellationToken) =>
        database.WriteAsync((transaction, ct) => transaction.ExecuteAsync(
            "DELETE FROM ayame_peers WHERE joined_at < $time", ct, ("$time", time.ToUnixTimeMilliseconds())), cancellationToken);

    public async Task<IReadOnlyList<AyamePeer>> ListAsync(CancellationToken cancellationToken) =>
        await database.QueryAsync(
            "SELECT room_id, peer_id, joined_at FROM ayame_peers",
            reader => new AyamePeer(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))),
            cancellationToken);
}
