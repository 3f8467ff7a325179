using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Hiroba.EventBus;

internal sealed class EventBusHealthCheck(IEventBusTransport transport, IOptions<EventBusOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var transportName = options.Value.Transport.ToString();
        return await transport.IsReadyAsync(cancellationToken)
            ? HealthCheckResult.Healthy($"{transportName} transport connected")
            : HealthCheckResult.Unhealthy($"{transportName} transport not connected");
    }
}
