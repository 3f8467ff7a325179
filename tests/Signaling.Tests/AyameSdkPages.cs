using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.Signaling.Tests;

/// <summary>
/// Pages running the unmodified Ayame web SDK (npm @open-ayame/ayame-web-sdk, tests/Signaling.Tests/web) in Chromium,
/// served by a web server of their own, each registering in a room of an Ayame endpoint.
/// </summary>
public sealed class AyameSdkPages : IAsyncDisposable
{
    private static readonly PageWaitForFunctionOptions Generous = new() { Timeout = 45_000, PollingInterval = 250 };

    private readonly TestWebServer _web;
    private readonly IBrowserContext _context;

    private AyameSdkPages(TestWebServer web, IBrowserContext context) => (_web, _context) = (web, context);

    public static async Task<AyameSdkPages> StartAsync(ChromiumFixture chromium, ITestOutputHelper output) =>
        new(await TestWebServer.StartAsync(), await chromium.NewContextAsync(output));

    /// <summary>A new page whose SDK connects to <paramref name="ayameSignalingUri"/> and registers in <paramref name="roomId"/>.</summary>
    public async Task<IPage> RegisterAsync(Uri ayameSignalingUri, string roomId)
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync(new Uri(_web.BaseUri, "/ayame.html").ToString());
        await page.WaitForFunctionAsync("() => window.ayameTest !== undefined", null, Generous);
        await page.EvaluateAsync("([url, room]) => ayameTest.start(url, room)", new[] { ayameSignalingUri.ToString(), roomId });
        return page;
    }

    public static Task WaitForDecodedVideoAsync(IPage page) =>
        PagePolling.UntilTrueAsync(page, "async () => (await ayameTest.framesDecoded()) > 30", null, "the SDK page decoded more than 30 video frames");

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _web.DisposeAsync();
    }
}
