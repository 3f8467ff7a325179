using Hiroba.ServiceDefaults;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hiroba.CameraBridge.Leadership;

public static class LeadershipEndpoints
{
    /// <summary>
    /// <c>/healthz/leader</c>: alive and serving the cameras (a standby's degraded leader check is a <c>503</c> here). The
    /// gateway probes it, so it sends the cameras' requests to the replica that serves them, whatever else that replica
    /// lacks (<c>/readyz</c> also needs the broker and Janus).
    /// </summary>
    public static IEndpointConventionBuilder MapLeaderHealthCheck(this IEndpointRouteBuilder app) =>
        app.MapHealthChecks("/healthz/leader", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthCheckTags.Live) || check.Tags.Contains(LeadershipHealthCheck.Tag),
            ResponseWriter = HealthReportJsonWriter.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
}
