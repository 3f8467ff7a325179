using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hiroba.Signaling.Replicas;

/// <summary>
/// Ready only while this replica's beats reach the shared directory: without it, a join cannot learn where its room
/// lives, and the other replicas take this one's rooms over.
/// </summary>
internal sealed class ReplicaDirectoryHealthCheck(ReplicaHeartbeat heartbeat) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(heartbeat.IsAlive
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The shared room directory has not heard from this replica within the replica timeout."));
}
