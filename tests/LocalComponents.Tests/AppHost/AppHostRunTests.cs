using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests.AppHost;

/// <summary>The running app host: it brings a crashed service back and stops every process once on one interrupt.</summary>
[SupportedOSPlatform("linux")]
public sealed partial class AppHostRunTests : IDisposable
{
    private readonly TemporaryDirectory _data = new("apphost-run");

    [Fact]
    public async Task A_killed_service_comes_back_on_the_same_port_and_the_terminal_says_so()
    {
        await using var appHost = AppHostProcess.Start(Variables());
        await AppHostProcess.WaitUntilUpAsync(appHost);
        var feedPort = int.Parse(FeedPort().Match(Output(appHost)).Groups[1].Value, CultureInfo.InvariantCulture);
        var feedData = $"Data__Path={Path.Combine(_data.Path, "feed")}";
        var first = Assert.Single(ProcessesWith(feedData));

        using (var victim = Process.GetProcessById(first))
        {
            victim.Kill();
        }

        await Eventually.TrueAsync(() => Output(appHost).Contains("feed is back", StringComparison.Ordinal), "the terminal says feed is back", TimeSpan.FromSeconds(60));
        Assert.Contains("feed exited unexpectedly with code", Output(appHost), StringComparison.Ordinal);
        Assert.Contains("restarting it (waited 1 s)", Output(appHost), StringComparison.Ordinal);
        Assert.NotEqual(first, Assert.Single(ProcessesWith(feedData)));
        using var client = new HttpClient();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await client.GetAsync(new Uri($"http://127.0.0.1:{feedPort}/healthz"))).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the restarted feed answers on its port");
        Assert.Equal(0, await appHost.StopAsync());
    }

    /// <summary>
    /// A terminal's Ctrl+C signals its whole foreground group. The launcher shared it with its children, so each got
    /// the interrupt from the terminal and again from the launcher's stop, and could die before the stop reached it.
    /// </summary>
    [Fact]
    public async Task One_interrupt_to_the_terminal_group_stops_every_process_once_cleanly_and_leaves_none_behind()
    {
        await using var appHost = AppHostProcess.Start(Variables());
        await AppHostProcess.WaitUntilUpAsync(appHost);
        var running = ProcessesWith(_data.Path);
        // The script, the app host, DCP, mosquitto, coturn and six services at least.
        Assert.True(running.Count >= 11, $"only {running.Count} processes name the data folder");

        var signal = await CommandLineTool.RunAsync("kill", ["-INT", "--", $"-{appHost.Id}"], TimeSpan.FromSeconds(10));
        Assert.Equal(0, signal.ExitCode);

        var exited = await Task.WhenAny(appHost.Exited, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(exited == appHost.Exited, $"the app host did not stop within 60 s:\n{Output(appHost)}");
        Assert.Equal(0, await appHost.Exited);
        await Eventually.TrueAsync(() => running.All(HasEnded), $"every process of the run has ended (left: {string.Join(", ", running.Where(pid => !HasEnded(pid)))})");
        var output = Output(appHost);
        Assert.Single(appHost.RecentOutput, line => line.Contains("stopping every process", StringComparison.Ordinal));
        Assert.DoesNotContain("exited unexpectedly", output, StringComparison.Ordinal);
        // mosquitto writes its database when it is stopped, not when it is killed (it saves every 60 s otherwise).
        Assert.True(File.Exists(Path.Combine(_data.Path, "mosquitto", "db", "mosquitto.db")), output);
    }

    /// <summary>
    /// A workshop room may have no internet. ./run installed and built once must start again without a network (the
    /// tests' namespace has none): it ran <c>npm ci</c> every time, which empties node_modules before it fetches.
    /// </summary>
    [Fact]
    public async Task Run_starts_again_without_a_network_and_leaves_the_installed_web_packages_as_they_are()
    {
        var installed = Path.Combine(RepositoryRoot.Find(), "services", "Gateway", "node_modules", ".package-lock.json");
        var installedAt = File.GetLastWriteTimeUtc(installed);

        await using var run = AppHostProcess.StartRun(Variables());
        await AppHostProcess.WaitUntilUpAsync(run);

        Assert.Equal(installedAt, File.GetLastWriteTimeUtc(installed));
        Assert.Equal(0, await run.StopAsync());
    }

    [Fact]
    public async Task The_passwords_reach_the_gateway_alone_not_DCP_the_broker_or_the_other_services()
    {
        var adminPassword = $"admin-{Guid.NewGuid():N}";
        var viewerPassword = $"viewer-{Guid.NewGuid():N}";
        var variables = Variables();
        variables["HIROBA_ADMIN_PASSWORD"] = adminPassword;
        variables["HIROBA_VIEWER_PASSWORD"] = viewerPassword;
        await using var appHost = AppHostProcess.Start(variables);
        await AppHostProcess.WaitUntilUpAsync(appHost);

        // The start script and the app host were handed them; of what the app host starts, only the gateway has them.
        foreach (var password in new[] { adminPassword, viewerPassword })
        {
            var holders = ProcessesWith(password).Select(CommandLine).ToList();
            Assert.Contains(holders, line => line.Contains("Hiroba.Gateway.dll", StringComparison.Ordinal));
            Assert.All(holders, line => Assert.Matches("Hiroba\\.Gateway\\.dll|Hiroba\\.AppHost\\.dll|infra/AppHost/start", line));
        }
        Assert.Equal(0, await appHost.StopAsync());
    }

    [Fact]
    public async Task With_two_replicas_the_run_starts_postgresql_in_the_data_folder_for_two_feeds_and_stops_it_with_them()
    {
        var variables = Variables();
        variables["HIROBA_REPLICAS"] = "2";
        await using var appHost = AppHostProcess.Start(variables);
        await AppHostProcess.WaitUntilUpAsync(appHost);

        Assert.Contains("2 processes of Feed, Rooms, Signaling, Snapshots, CameraBridge: starting PostgreSQL", Output(appHost), StringComparison.Ordinal);
        var ports = FeedReplicaPorts().Match(Output(appHost));
        Assert.True(ports.Success, Output(appHost));
        var cluster = Path.Combine(_data.Path, "postgres", "data");
        var postgres = ProcessesWith(cluster);
        Assert.NotEmpty(postgres);
        // What one Feed accepts, the other lists: they share the database.
        using var client = new HttpClient();
        using var created = await client.PostAsJsonAsync(new Uri($"http://127.0.0.1:{ports.Groups[1].Value}/api/feed/posts"), new { title = "shared", body = "by both" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var listed = await client.GetStringAsync(new Uri($"http://127.0.0.1:{ports.Groups[2].Value}/api/feed/posts"));
        Assert.Contains("\"shared\"", listed, StringComparison.Ordinal);

        Assert.Equal(0, await appHost.StopAsync());
        await Eventually.TrueAsync(() => postgres.All(HasEnded), "PostgreSQL stops with the run");
    }

    public void Dispose() => _data.Dispose();

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private Dictionary<string, string?> Variables() => new()
    {
        ["HIROBA_DATA"] = _data.Path,
        ["HIROBA_PUBLIC_URL"] = $"http://127.0.0.1:{FreePorts.Tcp()}",
    };

    private static string Output(ChildProcess appHost) => string.Join('\n', appHost.RecentOutput);

    /// <summary>The processes whose command line or environment names <paramref name="text"/> (this run's data folder is unique to it).</summary>
    private static List<int> ProcessesWith(string text)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var described = File.ReadAllText(Path.Combine(folder, "cmdline")) + "\0" + File.ReadAllText(Path.Combine(folder, "environ"));
                if (described.Split('\0').Any(part => part.Contains(text, StringComparison.Ordinal)))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // It ended while being read.
            }
        }
        return found;
    }

    private static bool HasEnded(int pid)
    {
        try
        {
            // A zombie has ended too; only its parent has not collected it yet.
            return File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    [GeneratedRegex(@"Internal .*\bFeed (\d+)")]
    private static partial Regex FeedPort();

    [GeneratedRegex(@"Internal .*\bFeed (\d+) and (\d+)")]
    private static partial Regex FeedReplicaPorts();
}
