namespace Hiroba.Deployment.Tests.Files;

/// <summary>A filled-in .env: .env.example with every empty value set, the way a user completes it.</summary>
internal static class SampleEnvironment
{
    public const string ExampleFile = ".env.example";

    public static IReadOnlyDictionary<string, string> Values { get; } =
        ComposeVariables.ReadEnvFile(ExampleFile).ToDictionary(
            entry => entry.Key,
            entry => entry.Value.Length > 0 ? entry.Value : $"sample{entry.Key.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant()}0123456789");
}
