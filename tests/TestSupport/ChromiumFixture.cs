using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.TestSupport;

/// <summary>
/// Headless Debian Chromium driven by Playwright (never downloads a browser), with the flags for fake camera and
/// screen, auto-accepted permissions and loopback WebRTC. One browser per fixture, a fresh context per test.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static IReadOnlyList<string> Flags { get; } =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        "--allow-loopback-in-peer-connection",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The Chromium fixture is not started.");

    /// <summary>
    /// A new isolated context (own cookies and storage). With <paramref name="output"/>, page console errors and
    /// uncaught exceptions are written to the test output, which xunit shows for failed tests.
    /// </summary>
    public Task<IBrowserContext> NewContextAsync(ITestOutputHelper? output = null, BrowserNewContextOptions? options = null) =>
        NewContextAsync(Browser, output, options);

    /// <inheritdoc cref="NewContextAsync(ITestOutputHelper?, BrowserNewContextOptions?)"/>
    public static async Task<IBrowserContext> NewContextAsync(
        IBrowser browser, ITestOutputHelper? output = null, BrowserNewContextOptions? options = null)
    {
        var context = await browser.NewContextAsync(options);
        if (output is not null)
        {
            context.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning")
                {
                    TryWrite(output, $"[browser {message.Type}] {message.Text} ({message.Location})");
                }
            };
            context.WebError += (_, error) => TryWrite(output, $"[browser uncaught] {error.Error}");
        }
        return context;
    }

    /// <summary>Headless Chromium with <see cref="Flags"/> and <paramref name="extraFlags"/>, started by <paramref name="executablePath"/>.</summary>
    /// <param name="environment">The browser's whole environment (e.g. a <see cref="Lan.TrustingHome"/>'s); null for this process's.</param>
    public static Task<IBrowser> LaunchAsync(
        IPlaywright playwright, string executablePath = ExecutablePath, IEnumerable<string>? extraFlags = null,
        IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executablePath,
            Headless = true,
            Args = [.. Flags, .. extraFlags ?? []],
            Env = environment,
        });
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await LaunchAsync(_playwright);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }

    private static void TryWrite(ITestOutputHelper output, string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test that owned this output has already finished.
        }
    }
}
