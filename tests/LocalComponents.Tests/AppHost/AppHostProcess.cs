using System.Reflection;
using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests.AppHost;

/// <summary>
/// The built app host as ./run starts it (infra/AppHost/start, the build of this test run), in a process group of its
/// own as a terminal would make it, with the given HIROBA_* variables and nothing inherited of them; no dashboard
/// unless a test asks for one.
/// </summary>
internal static class AppHostProcess
{
    public const string ReadyLine = "Ctrl+C stops everything.";
    private static readonly string BuildConfiguration =
        typeof(AppHostProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static ChildProcess Start(IReadOnlyDictionary<string, string?> variables) =>
        Start(variables, Path.Combine(RepositoryRoot.Find(), "infra", "AppHost", "start"), BuildConfiguration);

    /// <summary><c>./run</c> itself, as the README says: it installs what is missing, builds in Release and starts the app host.</summary>
    public static ChildProcess StartRun(IReadOnlyDictionary<string, string?> variables) =>
        Start(variables, Path.Combine(RepositoryRoot.Find(), "run"));

    private static ChildProcess Start(IReadOnlyDictionary<string, string?> variables, string script, params string[] arguments)
    {
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("HIROBA_", StringComparison.Ordinal))
            .ToDictionary(name => name, _ => (string?)null);
        environment["HIROBA_DASHBOARD"] = "off";
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }
        // setsid execs the script (the test host's child leads no group), so its pid is also its group's id. A shell
        // that started ./test in the background without job control hands its children SIGINT ignored, and an
        // ignored signal stays ignored through exec: env gives the script the default back, as a terminal would.
        return ChildProcess.Start(new ChildProcessOptions(
            "apphost", "env", ["--default-signal=INT", "setsid", script, .. arguments], Environment: environment));
    }

    /// <summary>Runs it to its end, for start-ups that must stop at once.</summary>
    public static async Task<CommandLineResult> RunAsync(IReadOnlyDictionary<string, string?> variables)
    {
        await using var appHost = Start(variables);
        var exitCode = await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        return new CommandLineResult(exitCode, appHost.RecentOutput);
    }

    public static Task WaitUntilUpAsync(ChildProcess appHost) =>
        appHost.WaitUntilReadyAsync(
            "the start-up summary", _ => Task.FromResult(appHost.RecentOutput.Contains(ReadyLine)),
            TimeSpan.FromSeconds(120), CancellationToken.None);
}
