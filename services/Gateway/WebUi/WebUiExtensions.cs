using Microsoft.Extensions.FileProviders;

namespace Hiroba.Gateway.WebUi;

public static class WebUiExtensions
{
    /// <summary>Where npm puts the browser build of mqtt.js (see package.json); served as <c>/lib/mqtt.min.js</c>.</summary>
    private const string MqttScriptFolder = "node_modules/mqtt/dist";

    /// <summary>
    /// Serves <c>wwwroot</c> with extension-less page URLs (<c>/feed</c> is <c>feed.html</c>) and the
    /// browser libraries under <c>/lib</c>.
    /// </summary>
    public static WebApplication UseWebUi(this WebApplication app)
    {
        var scriptFolder = Path.Combine(app.Environment.ContentRootPath, MqttScriptFolder);
        if (!File.Exists(Path.Combine(scriptFolder, "mqtt.min.js")))
        {
            throw new InvalidOperationException(
                $"{scriptFolder}/mqtt.min.js is missing: run 'npm ci' in services/Gateway (the content root must be that folder).");
        }

        app.UseHtmlPageUrls();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/lib",
            FileProvider = new PhysicalFileProvider(scriptFolder, Microsoft.Extensions.FileProviders.Physical.ExclusionFilters.Sensitive),
        });
        return app;
    }

    /// <summary>Rewrites <c>/name</c> to <c>/name.html</c> when that page exists in <c>wwwroot</c>.</summary>
    private static void UseHtmlPageUrls(this WebApplication app)
    {
        var pages = app.Environment.WebRootFileProvider;
        app.Use((context, next) =>
        {
            var path = context.Request.Path.Value;
            if ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) &&
                path is { Length: > 1 } && !Path.HasExtension(path) && !path.EndsWith('/') &&
                pages.GetFileInfo(path + ".html").Exists)
            {
                context.Request.Path = path + ".html";
            }

            return next(context);
        });
    }
}
