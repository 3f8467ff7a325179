namespace Hiroba.LocalComponents;

/// <summary>Finds the repository root: the nearest folder at or above a start folder that holds Microservices.sln.</summary>
public static class RepositoryRoot
{
    public const string SolutionFileName = "Microservices.sln";

    public static string Find(string? startDirectory = null)
    {
        var start = startDirectory ?? AppContext.BaseDirectory;
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No {SolutionFileName} found in {start} or any folder above it.");
    }
}
