using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.Gateway.Tests.Tls;

/// <summary>
/// Real Chromium against the gateway's HTTPS listener. The page is opened by a name that is not loopback
/// (<c>hiroba.internal</c>, mapped to 127.0.0.1 inside Chromium only), so only TLS can make it a secure context.
/// </summary>
public sealed class SecureContextBrowserTests(LoopbackHttpsStack stack, ITestOutputHelper output) : IClassFixture<LoopbackHttpsStack>
{
    private const string Name = "hiroba.internal";

    [Fact]
    public async Task Chromium_that_trusts_the_servers_key_opens_the_https_page_as_a_secure_context()
    {
        await using var browser = await LaunchAsync($"--ignore-certificate-errors-spki-list={stack.ServerSpkiSha256}");
        var page = await NewPageAsync(browser);

        var response = await page.GotoAsync(PageUrl(stack.PublicUri));

        Assert.True(response?.Ok);
        Assert.True(await page.EvaluateAsync<bool>("() => window.isSecureContext"));
        Assert.True(await page.EvaluateAsync<bool>("() => typeof navigator.mediaDevices?.getDisplayMedia === 'function'"));
    }

    [Fact]
    public async Task Chromium_that_trusts_nothing_of_ours_fails_with_a_certificate_error()
    {
        await using var browser = await LaunchAsync();
        var page = await NewPageAsync(browser);

        var error = await Assert.ThrowsAsync<PlaywrightException>(() => page.GotoAsync(PageUrl(stack.PublicUri)));

        Assert.Contains("ERR_CERT_AUTHORITY_INVALID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_page_over_plain_http_by_that_name_is_not_a_secure_context()
    {
        await using var browser = await LaunchAsync();
        var page = await NewPageAsync(browser);

        await page.GotoAsync(PageUrl(stack.GatewayUri));

        Assert.False(await page.EvaluateAsync<bool>("() => window.isSecureContext"));
    }

    private static string PageUrl(Uri origin) => $"{origin.Scheme}://{Name}:{origin.Port}/trust";

    private static async Task<BrowserSession> LaunchAsync(params string[] flags)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumFixture.ExecutablePath,
            Headless = true,
            Args = [.. ChromiumFixture.Flags, $"--host-resolver-rules=MAP {Name} 127.0.0.1", .. flags],
        });
        return new BrowserSession(playwright, browser);
    }

    private async Task<IPage> NewPageAsync(BrowserSession session)
    {
        var context = await session.Browser.NewContextAsync();
        context.Console += (_, message) => output.WriteLine($"[browser {message.Type}] {message.Text}");
        return await context.NewPageAsync();
    }

    private sealed class BrowserSession(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public IBrowser Browser => browser;

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
