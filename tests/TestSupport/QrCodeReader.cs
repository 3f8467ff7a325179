using Hiroba.LocalComponents;
using Microsoft.Playwright;

namespace Hiroba.TestSupport;

/// <summary>
/// Reads a QR code the way a phone would: from the pixels a page shows. The element is captured as Chromium renders
/// it and decoded by jsQR (npm, <c>tests/TestSupport/web</c>) in a blank page of the same browser context.
/// </summary>
public static class QrCodeReader
{
    private static readonly string ScriptPath =
        Path.Combine(RepositoryRoot.Find(), "tests", "TestSupport", "web", "node_modules", "jsqr", "dist", "jsQR.js");

    private const string DecodeFunction = """
        async (png) => {
          const image = new Image();
          image.src = `data:image/png;base64,${png}`;
          await image.decode();
          const canvas = Object.assign(document.createElement('canvas'), { width: image.naturalWidth, height: image.naturalHeight });
          const context = canvas.getContext('2d');
          context.drawImage(image, 0, 0);
          const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
          return jsQR(pixels.data, canvas.width, canvas.height)?.data ?? null;
        }
        """;

    /// <returns>The text the QR code in <paramref name="element"/> holds, or null when none could be read.</returns>
    public static async Task<string?> ReadAsync(ILocator element)
    {
        if (!File.Exists(ScriptPath))
        {
            throw new InvalidOperationException($"{ScriptPath} is missing: run 'npm ci --prefix tests/TestSupport/web' first (./test does).");
        }
        var png = await element.ScreenshotAsync();
        var decoder = await element.Page.Context.NewPageAsync();
        try
        {
            await decoder.AddScriptTagAsync(new() { Path = ScriptPath });
            return await decoder.EvaluateAsync<string?>(DecodeFunction, Convert.ToBase64String(png));
        }
        finally
        {
            await decoder.CloseAsync();
        }
    }
}
