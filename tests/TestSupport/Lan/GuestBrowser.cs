using System.Runtime.Versioning;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.TestSupport.Lan;

/// <summary>Headless Chromium running on a <see cref="GuestHost"/>: it reaches the server only over the veth LAN.</summary>
[SupportedOSPlatform("linux")]
public sealed class GuestBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private GuestBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <param name="extraFlags">E.g. <c>--ignore-certificate-errors-spki-list=…</c> to trust one server key.</param>
    /// <param name="home">Its home folder, with the CA it trusts; null for this process's.</param>
    public static async Task<GuestBrowser> LaunchAsync(GuestHost host, IEnumerable<string>? extraFlags = null, TrustingHome? home = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        var playwright = await Playwright.CreateAsync();
        try
        {
            return new GuestBrowser(playwright, await ChromiumFixture.LaunchAsync(
                playwright, host.Wrap(ChromiumFixture.ExecutablePath), extraFlags, home?.Environment));
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public Task<IBrowserContext> NewContextAsync(ITestOutputHelper? output = null, BrowserNewContextOptions? options = null) =>
        ChromiumFixture.NewContextAsync(Browser, output, options);

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
