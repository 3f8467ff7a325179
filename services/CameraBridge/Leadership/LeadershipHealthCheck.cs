using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hiroba.CameraBridge.Leadership;

/// <summary>
/// Healthy only while this replica serves the cameras; run by <c>/healthz/leader</c> and <c>/readyz</c>, where a standby
/// reports it as degraded: ready to take over, which is what Kubernetes' readiness asks (a rolling update waits for it).
/// </summary>
public sealed class LeadershipHealthCheck(BridgeLeadership leadership) : IHealthCheck
{
    public const string Tag = "leader";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(leadership.IsLeading
            ? HealthCheckResult.Healthy("this replica serves the cameras")
            : new HealthCheckResult(context.Registration.FailureStatus, "on standby: another replica serves the cameras"));
}
