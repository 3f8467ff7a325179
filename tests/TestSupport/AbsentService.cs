using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hiroba.TestSupport;

/// <summary>
/// Stands in for a service a test does not run, so the gateway's cluster has a live destination: <c>/healthz</c>
/// answers 200, everything else 503.
/// </summary>
public sealed class AbsentService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AbsentService(WebApplication app) => _app = app;

    public Uri BaseUri => new(_app.Urls.First());

    public static async Task<AbsentService> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Ok());
        app.MapFallback(() => Results.Problem("This service is not part of the test.", statusCode: StatusCodes.Status503ServiceUnavailable));
        await app.StartAsync();
        return new AbsentService(app);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
