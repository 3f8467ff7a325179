using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// Writes a health report as JSON. Anyone gets the overall status; only the signed-in admin and callers on this
/// machine's loopback (the operator, the container's own health check, the gateway in ./run) get every check with its
/// details, which name internal addresses and ports.
/// </summary>
public static class HealthReportJsonWriter
{
    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        object body = ShowsDetails(context)
            ? new HealthReportBody(
                report.Status.ToString(),
                report.TotalDuration.TotalMilliseconds,
                report.Entries.ToDictionary(
                    entry => entry.Key,
                    entry => new HealthCheckBody(
                        entry.Value.Status.ToString(),
                        entry.Value.Description,
                        entry.Value.Duration.TotalMilliseconds,
                        entry.Value.Data.Count == 0 ? null : entry.Value.Data)))
            : new HealthStatusBody(report.Status.ToString());
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, body.GetType(), SerializerOptions, context.RequestAborted);
    }

    private static bool ShowsDetails(HttpContext context) =>
        context.User.IsInRole(HirobaRoles.Admin) ||
        context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private sealed record HealthStatusBody(string Status);

    private sealed record HealthReportBody(string Status, double DurationMs, Dictionary<string, HealthCheckBody> Checks);

    private sealed record HealthCheckBody(
        string Status, string? Description, double DurationMs, IReadOnlyDictionary<string, object>? Data);
}
