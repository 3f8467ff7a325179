using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Hiroba.ServiceDefaults.Telemetry;

/// <summary>
/// Traces, metrics and logs over OTLP, as the eShop/Aspire service defaults wire them. Nothing is wired unless
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names a receiver: then no listener exists, so no span is made and nothing costs.
/// </summary>
public static class OpenTelemetryExtensions
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The root sampling ratio (0 to 1) of the parent-based sampler, as the standard variable names it.</summary>
    public const string SamplingRatioSetting = "OTEL_TRACES_SAMPLER_ARG";

    /// <summary>Our own ActivitySources and Meters (the event bus's, the services').</summary>
    private const string HirobaSources = "Hiroba.*";

    /// <summary>The gateway's forwarding span (<c>proxy.forwarder</c>) and its health probes; Yarp.ReverseProxy 2.1.</summary>
    private const string YarpSource = "Yarp.ReverseProxy";

    public static WebApplicationBuilder ConfigureOpenTelemetry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointSetting]))
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        var samplingRatio = SamplingRatio(builder.Configuration);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(HirobaSources))
            .WithTracing(tracing => tracing
                .SetSampler(new HealthProbeSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(samplingRatio))))
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsHealthEndpoint(context.Request.Path))
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = request =>
                    request.RequestUri is not { } uri || !IsHealthEndpoint(new PathString(uri.AbsolutePath)))
                .AddSource(YarpSource)
                .AddSource(HirobaSources));
        builder.AddOpenTelemetryExporters();
        return builder;
    }

    /// <summary>OTLP for all three signals; the exporter reads the endpoint, protocol and headers from the OTEL_* settings.</summary>
    public static WebApplicationBuilder AddOpenTelemetryExporters(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().UseOtlpExporter();
        return builder;
    }

    private static bool IsHealthEndpoint(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");

    private static double SamplingRatio(IConfiguration configuration)
    {
        var value = configuration[SamplingRatioSetting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return 1.0;
        }
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1
            ? ratio
            : throw new InvalidOperationException($"{SamplingRatioSetting} must be a number from 0 to 1, not '{value}'.");
    }
}
