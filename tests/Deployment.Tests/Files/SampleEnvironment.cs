namespace Hiroba.Deployment.Tests.Files;

/// <summary>
/// A .env as a user completes .env.example: every variable compose requires gets a value; the rest stay as the example
/// has them (the optional viewer password stays empty).
/// </summary>
internal static class SampleEnvironment
{
    public const string ExampleFile = ".env.example";

    public static IReadOnlyDictionary<string, string> Values { get; } = Complete();

    private static Dictionary<string, string> Complete()
    {
        var required = ComposeVariables.In(Repository.Read(ComposeFile.FileName)).Where(variable => variable.IsRequired).Select(variable => variable.Name).ToHashSet();
        return ComposeVariables.ReadEnvFile(ExampleFile).ToDictionary(
            entry => entry.Key,
            entry => required.Contains(entry.Key) ? $"sample{entry.Key.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant()}0123456789" : entry.Value);
    }
}
