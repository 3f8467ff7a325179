using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;

namespace Hiroba.Gateway.Proxy;

/// <summary>Probes every destination of every proxy cluster; unhealthy when any is down or a cluster has none.</summary>
public sealed class ProxyDestinationsHealthCheck(IProxyStateLookup proxyState, DestinationProbe probe) : IHealthCheck
{
    private const string DefaultHealthPath = "/healthz";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);

        var probes = proxyState.GetClusters().SelectMany(cluster =>
        {
            var config = cluster.Model.Config;
            if (config.Destinations is not { Count: > 0 } destinations)
            {
                return [Task.FromResult(new DestinationHealth(cluster.ClusterId, null, "no destination configured"))];
            }

            var healthPath = config.HealthCheck?.Active?.Path ?? DefaultHealthPath;
            return destinations.Select(async destination =>
            {
                var address = new Uri(destination.Value.Health ?? destination.Value.Address);
                var error = await probe.ProbeAsync(address, healthPath, timeout.Token);
                return new DestinationHealth($"{cluster.ClusterId}/{destination.Key}", destination.Value.Address, error);
            });
        });
        var results = await Task.WhenAll(probes);

        var data = results.ToDictionary(result => result.Name, object (result) => result);
        var unhealthy = results.Where(result => result.Error is not null).Select(result => result.Name).ToList();
        return unhealthy.Count == 0
            ? HealthCheckResult.Healthy($"{results.Length} destinations healthy", data)
            : HealthCheckResult.Unhealthy($"Unhealthy: {string.Join(", ", unhealthy)}", data: data);
    }

    private sealed record DestinationHealth([property: JsonIgnore] string Name, string? Address, string? Error)
    {
        public string Status => Error is null ? "Healthy" : "Unhealthy";
    }
}
