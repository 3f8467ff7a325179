using Microsoft.Extensions.Configuration;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// <c>create-key-ring</c> on a service's command line: makes the shared key ring in <c>Auth:KeyRingPath</c>
/// (<see cref="SharedKeyRing.EnsureCreated"/>) and exits instead of running the service. Compose runs it once, from the
/// gateway's image, before any service starts.
/// </summary>
public static class CreateKeyRingCommand
{
    public const string Name = "create-key-ring";

    /// <returns>True when the command line asked for it and the ring is ready: the program ends there.</returns>
    public static bool TryRun(string[] args, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!args.Contains(Name, StringComparer.Ordinal))
        {
            return false;
        }
        var setting = $"{AuthOptions.SectionName}:{nameof(AuthOptions.KeyRingPath)}";
        var path = configuration[setting];
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidOperationException($"{Name} needs the setting {setting}: the folder of the shared key ring.");
        }
        SharedKeyRing.EnsureCreated(path);
        Console.WriteLine($"The key ring in {path} is ready.");
        return true;
    }
}
