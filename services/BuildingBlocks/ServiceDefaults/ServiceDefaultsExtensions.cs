using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using System.Text.Json.Serialization;
using Hiroba.ServiceDefaults.Telemetry;

namespace Hiroba.ServiceDefaults;

/// <summary>The cross-cutting wiring every Hiroba service gets with two calls.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Long enough for in-flight requests and event handlers to finish on SIGTERM.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(15);

    /// <param name="connections">
    /// Whether clients reach the service through the gateway (every backend) or directly (the gateway), which decides
    /// whose forwarding headers it trusts when <c>ForwardedHeaders:KnownProxies</c> is not set.
    /// </param>
    public static WebApplicationBuilder AddServiceDefaults(
        this WebApplicationBuilder builder, ClientConnections connections = ClientConnections.ThroughGateway)
    {
        builder.UsePrivateFiles();
        builder.AddStructuredConsoleLogging();
        builder.ConfigureOpenTelemetry();
        builder.AddRequestLimits();
        // In pipeline order: forwarded headers, error responses, the cross-origin cookie guard.
        builder.AddForwardedHeadersFromTrustedProxies(connections);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        builder.Services.Configure<JsonOptions>(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddProblemDetailsForEveryError();
        builder.Services.AddCrossOriginCookieGuard();
        builder.Services.AddTransient<IStartupFilter, WebSocketConnectionsMetric>();
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthCheckTags.Live]);
        builder.AddHirobaAuthentication();
        return builder;
    }

    /// <summary>
    /// Maps <c>/healthz</c> (liveness: checks tagged <c>live</c>) and <c>/readyz</c> (every check); details only for the
    /// admin and on loopback (<see cref="HealthReportJsonWriter"/>).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthCheckTags.Live),
            ResponseWriter = HealthReportJsonWriter.WriteAsync,
        }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            ResponseWriter = HealthReportJsonWriter.WriteAsync,
        }).AllowAnonymous();
        return app;
    }
}
