using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hiroba.Gateway.LiveEvents;

/// <summary>Ready while the broker subscription that feeds <c>/mqtt</c> is up.</summary>
internal sealed class LiveEventsHealthCheck(LivePages pages) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(pages.IsLive
            ? HealthCheckResult.Healthy($"subscribed to the public topics; {pages.Count} pages on /mqtt")
            : HealthCheckResult.Unhealthy("not subscribed to the public topics on the broker: /mqtt refuses pages"));
}
