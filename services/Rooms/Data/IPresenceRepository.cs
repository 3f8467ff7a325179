using Hiroba.Rooms.Model;

namespace Hiroba.Rooms.Data;

/// <summary>
/// Who is in which room now: the projection of <c>signaling.peer-joined</c> and <c>signaling.peer-left</c>. Idempotent
/// and order-proof: peer ids are never used again, so a peer that left is remembered for a day, and its joining, when
/// that arrives late (redelivered, or applied by another replica after the leaving), does not bring it back.
/// </summary>
public interface IPresenceRepository
{
    /// <summary>How long a peer that left is remembered: far longer than any event takes to arrive.</summary>
    static TimeSpan LeftPeersKeptFor { get; } = TimeSpan.FromDays(1);

    /// <returns>False when the peer has left already: nothing was recorded.</returns>
    Task<bool> AddAsync(Peer peer, CancellationToken cancellationToken);

    Task RemoveAsync(string roomId, string peerId, DateTimeOffset leftAt, CancellationToken cancellationToken);

    /// <param name="roomId">One room, or every room when null.</param>
    Task<IReadOnlyList<Peer>> ListAsync(string? roomId, CancellationToken cancellationToken);
}
