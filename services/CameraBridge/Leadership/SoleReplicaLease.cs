namespace Hiroba.CameraBridge.Leadership;

/// <summary>With SQLite the bridge runs as one replica, which always serves.</summary>
public sealed class SoleReplicaLease : ILeaderLease
{
    public Task<bool> TryTakeAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<bool> StillHeldAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
