using OpenTelemetry.Trace;

namespace Hiroba.ServiceDefaults.Telemetry;

/// <summary>
/// Drops the gateway's active health probes (YARP starts a root span for every round of every cluster), so that they
/// and the probe requests under them do not fill the traces; everything else goes to <paramref name="inner"/>.
/// </summary>
internal sealed class HealthProbeSampler(Sampler inner) : Sampler
{
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Name is "proxy.cluster_health_checks" or "proxy.destination_health_check"
            ? Drop
            : inner.ShouldSample(samplingParameters);
}
