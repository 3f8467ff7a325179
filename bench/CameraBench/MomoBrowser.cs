using System.Collections;
using System.Runtime.Versioning;
using Hiroba.LocalComponents;
using Hiroba.TestSupport;
using Microsoft.Playwright;

namespace Hiroba.CameraBench;

/// <summary>
/// A Chromium of the emulated Momo's own, so that its CPU (the encoding Momo would do for each PeerConnection) is
/// measured apart from the viewers' decoding: every process of it carries a marker in its environment.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MomoBrowser : IAsyncDisposable
{
    private const string Marker = "HIROBA_BENCH_MOMO";
    private readonly IPlaywright _playwright;
    private readonly string _id = Guid.NewGuid().ToString("N");

    private MomoBrowser(IPlaywright playwright, IBrowser browser) => (_playwright, Browser) = (playwright, browser);

    public IBrowser Browser { get; private set; }

    public static async Task<MomoBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var momo = new MomoBrowser(playwright, null!);
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(entry => KeyValuePair.Create((string)entry.Key, (string?)entry.Value ?? ""))
            .Append(KeyValuePair.Create(Marker, momo._id));
        momo.Browser = await ChromiumFixture.LaunchAsync(playwright, environment: environment);
        return momo;
    }

    /// <summary>The CPU seconds its processes that run now have used.</summary>
    public double CpuSeconds() => ProcReadings.TreeCpuSeconds(MarkedProcesses());

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>
    /// The browser's process: it has the marker; its zygote and the processes forked from it do not (Chromium starts
    /// them with an environment of its own), so they count as its descendants.
    /// </summary>
    private IEnumerable<int> MarkedProcesses()
    {
        var marker = $"{Marker}={_id}\0";
        return Directory.EnumerateDirectories("/proc")
            .Select(folder => int.TryParse(Path.GetFileName(folder), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ReadEnvironment(pid).Contains(marker, StringComparison.Ordinal))
            .ToList();
    }

    private static string ReadEnvironment(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
