namespace Hiroba.TestSupport.Containers;

/// <summary>The effective user and group id of this process as <c>uid:gid</c>, the form of a container's user.</summary>
internal static class HostUser
{
    public static string Current { get; } = Read();

    private static string Read()
    {
        var status = File.ReadAllLines("/proc/self/status");
        // "Uid:\treal\teffective\tsaved\tfilesystem"
        string Effective(string field) => status.First(line => line.StartsWith(field, StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries)[2];
        return $"{Effective("Uid:")}:{Effective("Gid:")}";
    }
}
