using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hiroba.TestSupport;

/// <summary>
/// A page of another origin on this host: one HTML document served at <c>/</c> from another loopback port, the same
/// site as Hiroba's pages (so its requests carry a strict cookie) but not the same origin. Served for real, because
/// Chromium treats a page the test fakes by routing as a public one and blocks its requests to loopback.
/// </summary>
public sealed class ForeignPage : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ForeignPage(WebApplication app) => _app = app;

    public Uri Uri => new(_app.Urls.First() + "/");

    public static async Task<ForeignPage> StartAsync(string html)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(html, "text/html"));
        await app.StartAsync();
        return new ForeignPage(app);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
