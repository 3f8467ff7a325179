using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hiroba.CameraBridge.Janus;

/// <summary>Ready while Janus opens a session with the API secret; always ready when no Janus is configured.</summary>
internal sealed class JanusHealthCheck(JanusClient janus) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!janus.IsConfigured)
        {
            return HealthCheckResult.Healthy("no Janus configured: one viewer per camera");
        }
        try
        {
            await janus.ProbeAsync(cancellationToken);
            return HealthCheckResult.Healthy("Janus opens sessions");
        }
        catch (JanusException exception)
        {
            return HealthCheckResult.Unhealthy($"Janus does not open a session: {exception.Reason} ({exception.Code}); shared cameras cannot be watched");
        }
    }
}
