using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Hiroba.TestSupport;

namespace Hiroba.Signaling.Tests;

/// <summary>Serves <c>tests/Signaling.Tests/web</c> (test pages and their npm packages) on a loopback port.</summary>
public sealed class TestWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestWebServer(WebApplication app) => _app = app;

    public Uri BaseUri => new(_app.Urls.First());

    public static async Task<TestWebServer> StartAsync()
    {
        var folder = Path.Combine(Hiroba.LocalComponents.RepositoryRoot.Find(), "tests", "Signaling.Tests", "web");
        if (!File.Exists(Path.Combine(folder, "node_modules", "@open-ayame", "ayame-web-sdk", "dist", "ayame.mjs")))
        {
            throw new InvalidOperationException($"Run 'npm ci --prefix {folder}' first (./test does).");
        }
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(folder),
            ServeUnknownFileTypes = false,
            ContentTypeProvider = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider { Mappings = { [".mjs"] = "text/javascript" } },
        });
        await app.StartAsync();
        return new TestWebServer(app);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
