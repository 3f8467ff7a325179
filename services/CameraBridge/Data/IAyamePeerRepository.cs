namespace Hiroba.CameraBridge.Data;

/// <summary>
/// The peers on Signaling's Ayame endpoint as the bridge last heard of them, kept across restarts. Applying the same
/// join or departure twice changes nothing.
/// </summary>
public interface IAyamePeerRepository
{
    Task AddAsync(AyamePeer peer, CancellationToken cancellationToken);

    Task RemoveAsync(string roomId, string peerId, CancellationToken cancellationToken);

    Task RemoveJoinedBeforeAsync(DateTimeOffset time, CancellationToken cancellationToken);

    Task<IReadOnlyList<AyamePeer>> ListAsync(CancellationToken cancellationToken);
}
