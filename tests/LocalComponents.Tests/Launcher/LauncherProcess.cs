using System.Reflection;
using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests.Launcher;

/// <summary>The built launcher (what ./run executes) as a child process with the given HIROBA_* variables and nothing inherited of them.</summary>
internal static class LauncherProcess
{
    public const string ReadyLine = "Ctrl+C stops everything.";
    private static readonly string BuildConfiguration =
        typeof(LauncherProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static ChildProcess Start(IReadOnlyDictionary<string, string?> variables)
    {
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("HIROBA_", StringComparison.Ordinal))
            .ToDictionary(name => name, _ => (string?)null);
        environment["HIROBA_CONFIGURATION"] = BuildConfiguration;
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }
        var launcher = Path.Combine(RepositoryRoot.Find(), "infra", "Launcher", "bin", BuildConfiguration, "net10.0", "Hiroba.Launcher.dll");
        return ChildProcess.Start(new ChildProcessOptions("launcher", DotnetHost.Path, [launcher], Environment: environment));
    }

    /// <summary>Runs it to its end, for start-ups that must stop at once.</summary>
    public static async Task<CommandLineResult> RunAsync(IReadOnlyDictionary<string, string?> variables)
    {
        await using var launcher = Start(variables);
        var exitCode = await launcher.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        return new CommandLineResult(exitCode, launcher.RecentOutput);
    }
}
