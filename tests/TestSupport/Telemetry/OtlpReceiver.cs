using System.Collections.Concurrent;
using Hiroba.LocalComponents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hiroba.TestSupport.Telemetry;

/// <summary>
/// An OTLP/HTTP (protobuf) receiver on loopback, as a collector or Aspire's dashboard would be: keeps the spans posted
/// to <c>/v1/traces</c> and the names of the metrics posted to <c>/v1/metrics</c>, and accepts logs without reading them. Its port is known before it starts, so a
/// stack's settings can name it.
/// </summary>
public sealed class OtlpReceiver : IAsyncLifetime
{
    private readonly int _port = FreePorts.Tcp();
    private readonly ConcurrentQueue<ExportedSpan> _spans = new();
    private readonly ConcurrentDictionary<(string Service, string Metric), bool> _metricNames = new();
    private WebApplication? _app;

    public Uri Endpoint => new($"http://127.0.0.1:{_port}");

    public IReadOnlyCollection<ExportedSpan> Spans => _spans;

    /// <summary>Which service has exported which metric, so far.</summary>
    public IReadOnlyCollection<(string Service, string Metric)> MetricNames => _metricNames.Keys.ToList();

    /// <summary>The OTEL_* settings that make a service export here at once (short batch delays).</summary>
    public IReadOnlyDictionary<string, string?> ExporterSettings => new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
    };

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls(Endpoint.ToString());
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var span in OtlpReader.Read(body.ToArray()))
            {
                _spans.Enqueue(span);
            }
            return Results.Bytes([], "application/x-protobuf");
        });
        _app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var name in OtlpReader.ReadMetricNames(body.ToArray()))
            {
                _metricNames.TryAdd(name, true);
            }
            return Results.Bytes([], "application/x-protobuf");
        });
        _app.MapPost("/v1/logs", () => Results.Bytes([], "application/x-protobuf"));
        await _app.StartAsync();
    }

    /// <summary>The spans of one trace, waiting until <paramref name="complete"/> says every expected one has arrived.</summary>
    public async Task<IReadOnlyList<ExportedSpan>> TraceAsync(
        string traceId, Func<IReadOnlyList<ExportedSpan>, bool> complete, string description)
    {
        IReadOnlyList<ExportedSpan> trace = [];
        await Eventually.TrueAsync(() =>
        {
            trace = _spans.Where(span => span.TraceId == traceId).ToList();
            return complete(trace);
        }, description);
        return trace;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
