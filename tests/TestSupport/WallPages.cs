using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hiroba.TestSupport;

/// <summary>What the tests do on the screen wall's pages, by the pages' own elements.</summary>
public static class WallPages
{
    public const float Generous = 30_000;

    /// <summary>
    /// Chromium's fake screen is an animated test pattern, so it changes at every snapshot. This replaces the screen with
    /// a still "code editor" drawn on a canvas (window.fakeScreen), which stays the same until a test draws on it. A
    /// context's init script runs in its blank first page too, which has no media devices.
    /// </summary>
    public const string StaticScreenScript = """
        if (navigator.mediaDevices) navigator.mediaDevices.getDisplayMedia = async () => {
          const canvas = Object.assign(document.createElement('canvas'), { width: 1280, height: 720 });
          const paint = () => {
            const context = canvas.getContext('2d');
            context.fillStyle = '#1e1e1e';
            context.fillRect(0, 0, canvas.width, canvas.height);
            context.fillStyle = '#d4d4d4';
            context.font = '18px monospace';
            for (let line = 0; line < 28; line++) context.fillText(`${line + 1}  const value${line} = compute(${line * 7});`, 16, 28 + line * 24);
          };
          paint();
          window.fakeScreen = canvas;
          const stream = canvas.captureStream();
          requestAnimationFrame(paint);
          return stream;
        };
        """;

    public static async Task<IPage> OpenGuestAsync(IBrowserContext context, string guestLink, string name, bool start = true)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(guestLink);
        await page.FillAsync("#name", name);
        await page.ClickAsync("#join");
        await Expect(page.Locator("#guest-name")).ToHaveTextAsync(name, new() { Timeout = Generous });
        if (start)
        {
            await page.ClickAsync("#start");
            await WaitForUploadsAsync(page, 1);
        }
        return page;
    }

    /// <summary>Opens a workshop's host link (the wall) in a new page of <paramref name="context"/> and waits until the wall is live.</summary>
    public static async Task<IPage> OpenHostAsync(IBrowserContext context, string hostLink)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(hostLink);
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = Generous });
        return page;
    }

    /// <summary>The guest id a guest page keeps in its tab's session storage.</summary>
    public static Task<string> GuestIdAsync(IPage guestPage) =>
        guestPage.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find(k => k.startsWith('hiroba.guest.')))).guestId");

    public static Task WaitForUploadsAsync(IPage guestPage, int atLeast) => WaitForCounterAsync(guestPage, "uploads", atLeast);

    /// <summary>Waits until the guest page has had <paramref name="atLeast"/> heartbeats answered, in whatever state it is.</summary>
    public static Task WaitForHeartbeatsAsync(IPage guestPage, int atLeast) => WaitForCounterAsync(guestPage, "heartbeats", atLeast);

    public static Task WaitForChecksAsync(IPage guestPage, int atLeast) => WaitForCounterAsync(guestPage, "checks", atLeast);

    public static async Task<int> CounterAsync(IPage guestPage, string name) =>
        int.Parse(await guestPage.GetAttributeAsync("#share-status", $"data-{name}") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The panel of the guest named <paramref name="name"/> on a host page.</summary>
    public static ILocator Panel(IPage hostPage, string name) =>
        hostPage.Locator(".wall-panel").Filter(new() { Has = hostPage.Locator(".wall-name", new() { HasTextString = name }) });

    /// <summary>Waits until the guest's panel shows an image loaded from a snapshot.</summary>
    public static async Task WaitForImageAsync(IPage hostPage, string name)
    {
        var image = Panel(hostPage, name).Locator("img[data-snapshot-id]");
        await Expect(image).ToHaveCountAsync(1, new() { Timeout = Generous });
        await hostPage.WaitForFunctionAsync(
            "element => element.complete && element.naturalWidth > 0", await image.ElementHandleAsync(), new() { Timeout = Generous });
    }

    private static async Task WaitForCounterAsync(IPage guestPage, string name, int atLeast) =>
        await guestPage.WaitForFunctionAsync(
            $"minimum => Number(document.getElementById('share-status').dataset.{name}) >= minimum", atLeast, new() { Timeout = Generous });
}
