using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hiroba.ServiceDefaults;

/// <summary>Writes a health report as JSON that names every check with its status.</summary>
public static class HealthReportJsonWriter
{
    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new HealthReportBody(
            report.Status.ToString(),
            report.TotalDuration.TotalMilliseconds,
            report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new HealthCheckBody(
                    entry.Value.Status.ToString(),
                    entry.Value.Description,
                    entry.Value.Duration.TotalMilliseconds,
                    entry.Value.Data.Count == 0 ? null : entry.Value.Data)));
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, SerializerOptions, context.RequestAborted);
    }

    private sealed record HealthReportBody(string Status, double DurationMs, Dictionary<string, HealthCheckBody> Checks);

    private sealed record HealthCheckBody(
        string Status, string? Description, double DurationMs, IReadOnlyDictionary<string, object>? Data);
}
