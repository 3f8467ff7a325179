using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Hiroba.LocalComponents;

namespace Hiroba.SnapshotsBench;

/// <summary>
/// Bytes a guest sends for a mostly static screen, measured on the real guest page in headless Chromium. The shared
/// screen is a 1920x1080 "code editor" drawn on a canvas (in place of getDisplayMedia): a blinking cursor twice a second
/// and one new line typed every <c>editSeconds</c>. What the page uploads is summed from the host's stream (each
/// snapshot event carries its size). Beside it, the page encodes the same screen as a PNG at every tick, which is
/// what the original sent (as a base64 data URL, a third larger again).
/// </summary>
public static class StaticScreenScenario
{
    private const string CodeEditorScreen = """
        window.benchPngBytes = 0;
        window.benchTicks = 0;
        navigator.mediaDevices.getDisplayMedia = async () => {
          const screen = Object.assign(document.createElement('canvas'), { width: 1920, height: 1080 });
          const context = screen.getContext('2d');
          let lines = 30, cursorOn = true;
          const paint = () => {
            context.fillStyle = '#1e1e1e';
            context.fillRect(0, 0, screen.width, screen.height);
            context.font = '20px monospace';
            for (let line = 0; line < lines; line++) {
              context.fillStyle = '#858585';
              context.fillText(String(line + 1).padStart(3), 8, 32 + line * 30);
              context.fillStyle = line % 3 === 0 ? '#569cd6' : '#d4d4d4';
              context.fillText(`${'  '.repeat(line % 4)}const result${line} = await compute(input${line}, { retries: ${line % 5} });`, 64, 32 + line * 30);
            }
            if (cursorOn) context.fillRect(64, 16 + lines * 30, 2, 22);
          };
          paint();
          setInterval(() => { cursorOn = !cursorOn; paint(); }, 500);
          setInterval(() => { lines++; paint(); }, EDIT_MS);
          setInterval(() => {
            window.benchTicks++;
            screen.toBlob((png) => { window.benchPngBytes += png.size; }, 'image/png');
          }, INTERVAL_MS);
          return screen.captureStream();
        };
        """;

    public static async Task RunAsync(WallBenchStack stack, int intervalSeconds, int editSeconds, TimeSpan duration, CancellationToken cancellationToken)
    {
        var (roomId, hostKey) = await stack.CreateWorkshopAsync(intervalSeconds, cancellationToken);
        using var http = new HttpClient { BaseAddress = stack.Gateway.BaseUri };
        long uploads = 0, uploadedBytes = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var host = HostEventStream.ReadAsync(http, roomId, hostKey, (_, size) =>
        {
            Interlocked.Increment(ref uploads);
            Interlocked.Add(ref uploadedBytes, size);
        }, stop.Token);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
        var page = await browser.NewPageAsync();
        await page.AddInitScriptAsync(CodeEditorScreen
            .Replace("EDIT_MS", (editSeconds * 1000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("INTERVAL_MS", (intervalSeconds * 1000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        await page.GotoAsync(new Uri(stack.Gateway.BaseUri, $"/collect?room={roomId}").ToString());
        await page.FillAsync("#name", "Static screen");
        await page.ClickAsync("#join");
        await page.ClickAsync("#start");
        await Task.Delay(duration, cancellationToken);
        var counters = await page.EvaluateAsync<JsonElement>(
            "() => ({ png: window.benchPngBytes, ticks: window.benchTicks, checks: Number(document.getElementById('share-status').dataset.checks) })");
        await stop.CancelAsync();
        await host;

        var minutes = duration.TotalMinutes;
        var png = counters.GetProperty("png").GetDouble();
        Console.WriteLine(FormattableString.Invariant(
            $"static screen: {duration.TotalSeconds:0} s at {intervalSeconds} s, a line typed every {editSeconds} s, cursor blinking: {uploads} uploads of {counters.GetProperty("checks").GetInt32()} checks"));
        Console.WriteLine(FormattableString.Invariant(
            $"  per guest per minute: {uploadedBytes / minutes / 1000:0.0} KB uploaded (WebP, changes only) vs {png / minutes / 1000:0.0} KB as PNG every tick ({counters.GetProperty("ticks").GetInt32()} ticks; {png * 4 / 3 / minutes / 1000:0.0} KB as PNG data URLs): {png / Math.Max(1, uploadedBytes):0.0}x fewer bytes; load average {ProcReadings.LoadAverages()}"));
    }
}
