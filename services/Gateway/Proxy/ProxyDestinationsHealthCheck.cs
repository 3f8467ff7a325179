using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;

namespace Hiroba.Gateway.Proxy;

/// <summary>
/// Probes every destination of every proxy cluster. Unhealthy when a cluster has no destination up (its requests would
/// fail); degraded, which still counts as ready, when only some of a cluster's processes are down: the others serve its
/// requests (a Snapshots process restarting in a rolling update, a camera bridge on standby), and a gateway made unready
/// by that would take the whole site away.
/// </summary>
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
                return [Task.FromResult(new DestinationHealth(cluster.ClusterId, cluster.ClusterId, null, "no destination configured"))];
            }

            var healthPath = config.HealthCheck?.Active?.Path ?? DefaultHealthPath;
            return destinations.Select(async destination =>
            {
                var address = new Uri(destination.Value.Health ?? destination.Value.Address);
                var error = await probe.ProbeAsync(address, healthPath, timeout.Token);
                return new DestinationHealth(cluster.ClusterId, $"{cluster.ClusterId}/{destination.Key}", destination.Value.Address, error);
            });
        });
        var results = await Task.WhenAll(probes);

        var data = results.ToDictionary(result => result.Name, object (result) => result);
        var down = results.Where(result => result.Error is not null).Select(result => result.Name).ToList();
        var clustersDown = results.GroupBy(result => result.ClusterId)
            .Where(cluster => cluster.All(result => result.Error is not null))
            .Select(cluster => cluster.Key)
            .ToList();
        return clustersDown.Count > 0 ? HealthCheckResult.Unhealthy($"No destination up: {string.Join(", ", clustersDown)}", data: data)
            : down.Count > 0 ? HealthCheckResult.Degraded($"Down, the others serve: {string.Join(", ", down)}", data: data)
            : HealthCheckResult.Healthy($"{results.Length} destinations healthy", data);
    }

    private sealed record DestinationHealth([property: JsonIgnore] string ClusterId, [property: JsonIgnore] string Name, string? Address, string? Error)
    {
        public string Status => Error is null ? "Healthy" : "Unhealthy";
    }
}
