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
    public double CpuSeconds() => Processes().Sum(pid =>
    {
        try
        {
            return ProcReadings.CpuSeconds(pid);
        }
        catch (IOException)
        {
            return 0;
        }
    });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>
    /// The browser's process (it has the marker; its zygote and the processes forked from it do not: Chromium starts
    /// them with an environment of its own) and every process under it.
    /// </summary>
    private IEnumerable<int> Processes()
    {
        var marker = $"{Marker}={_id}\0";
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && ParentOf(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }
        var marked = parents.Keys.Where(pid => ReadEnvironment(pid).Contains(marker, StringComparison.Ordinal)).ToHashSet();
        return parents.Keys.Where(pid => Ancestry(pid, parents).Any(marked.Contains));
    }

    private static IEnumerable<int> Ancestry(int pid, Dictionary<int, int> parents)
    {
        for (var current = pid; current > 1; current = parents.GetValueOrDefault(current))
        {
            yield return current;
        }
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
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
