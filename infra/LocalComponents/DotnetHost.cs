namespace Hiroba.LocalComponents;

/// <summary>The <c>dotnet</c> executable that runs framework-dependent assemblies.</summary>
public static class DotnetHost
{
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        if (Environment.ProcessPath is { } current && System.IO.Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }
        // Set by the SDK for test hosts and MSBuild tasks.
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : "dotnet";
    }
}
