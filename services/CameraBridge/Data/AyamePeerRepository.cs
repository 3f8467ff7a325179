namespace Hiroba.CameraBridge.Data;

/// <summary>The peers on Signaling's Ayame endpoint as the bridge last heard of them, kept across restarts.</summary>
public sealed class AyamePeerRepository(CameraDatabase database)
{
    public Task AddAsync(AyamePeer peer, CancellationToken cancellationToken) => database.UseAsync(async (command, ct) =>
    {
        command.CommandText = "INSERT OR IGNORE INTO ayame_peers (room_id, peer_id, joined_at) VALUES ($roomId, $peerId, $joinedAt)";
        command.Parameters.AddWithValue("$roomId", peer.RoomId);
        command.Parameters.AddWithValue("$peerId", peer.PeerId);
        command.Parameters.AddWithValue("$joinedAt", peer.JoinedAt.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(ct);
    }, cancellationToken);

    public Task RemoveAsync(string roomId, string peerId, CancellationToken cancellationToken) => database.UseAsync(async (command, ct) =>
    {
        command.CommandText = "DELETE FROM ayame_peers WHERE room_id = $roomId AND peer_id = $peerId";
        command.Parameters.AddWithValue("$roomId", roomId);
        command.Parameters.AddWithValue("$peerId", peerId);
        return await command.ExecuteNonQueryAsync(ct);
    }, cancellationToken);

    public Task RemoveJoinedBeforeAsync(DateTimeOffset time, CancellationToken cancellationToken) => database.UseAsync(async (command, ct) =>
    {
        command.CommandText = "DELETE FROM ayame_peers WHERE joined_at < $time";
        command.Parameters.AddWithValue("$time", time.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(ct);
    }, cancellationToken);

    public Task<IReadOnlyList<AyamePeer>> ListAsync(CancellationToken cancellationToken) => database.UseAsync(async (command, ct) =>
    {
        command.CommandText = "SELECT room_id, peer_id, joined_at FROM ayame_peers";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var peers = new List<AyamePeer>();
        while (await reader.ReadAsync(ct))
        {
            peers.Add(new AyamePeer(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }
        return (IReadOnlyList<AyamePeer>)peers;
    }, cancellationToken);
}
