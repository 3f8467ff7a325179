using Hiroba.Rooms.Model;

namespace Hiroba.Rooms.Data;

/// <summary>The rooms, open and closed. Only hashes of their keys are kept.</summary>
public interface IRoomRepository
{
    /// <returns>False when a room with that id (open or closed) exists already.</returns>
    Task<bool> TryAddAsync(Room room, CancellationToken cancellationToken);

    Task<Room?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>The open rooms, oldest first.</summary>
    Task<IReadOnlyList<Room>> ListOpenAsync(CancellationToken cancellationToken);

    /// <summary>The rooms closed at <paramref name="since"/> or later, in the order they closed.</summary>
    Task<IReadOnlyList<Room>> ListClosedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <returns>The closed room, or null when it does not exist or was closed already.</returns>
    Task<Room?> CloseAsync(string id, DateTimeOffset closedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Ends an ad-hoc room nobody is in any more: its record goes, so its id can be opened again (by a peer or by the
    /// admin). A room the admin created, or closed, stays.
    /// </summary>
    /// <returns>True when the room ended.</returns>
    Task<bool> EndAdHocIfEmptyAsync(string id, CancellationToken cancellationToken);
}
