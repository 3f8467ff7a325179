namespace Hiroba.CameraBridge.Leadership;

/// <summary>The right to serve the cameras, which one replica of the bridge holds at a time.</summary>
public interface ILeaderLease
{
    /// <returns>True when this replica holds the lease now; false while another one does.</returns>
    Task<bool> TryTakeAsync(CancellationToken cancellationToken);

    /// <returns>False when the lease may have gone to another replica (its session failed).</returns>
    Task<bool> StillHeldAsync(CancellationToken cancellationToken);
}
