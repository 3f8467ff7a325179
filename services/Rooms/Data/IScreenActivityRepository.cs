using Hiroba.Contracts.Snapshots;
using Hiroba.Rooms.Model;

namespace Hiroba.Rooms.Data;

/// <summary>
/// Which guests of a workshop have shared their screen, and when last: the projection of <c>snapshots.snapshot-ingested</c>,
/// without the guests the host removed (<c>snapshots.guest-removed</c>).
/// </summary>
public interface IScreenActivityRepository
{
    /// <summary>
    /// Idempotent and order-proof: a repeated or late event never moves a guest's time back, and one about a removed
    /// guest (still on its way when the host removed it) never brings the guest back.
    /// </summary>
    Task RecordAsync(SnapshotIngestedIntegrationEvent snapshot, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets a guest the host removed, for good: a guest id is never used again, so the guest is marked removed (also
    /// when this event overtook the guest's first snapshot) and no later snapshot of it is counted. Idempotent.
    /// </summary>
    Task RemoveAsync(GuestRemovedIntegrationEvent removed, CancellationToken cancellationToken);

    /// <returns>Per room that has any: how many guests shared a screen, and the newest snapshot's time.</returns>
    Task<IReadOnlyDictionary<string, ScreenActivity>> ListAsync(CancellationToken cancellationToken);
}
