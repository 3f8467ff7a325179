namespace Hiroba.AppHost;

/// <summary>Finds a program on PATH or in the sbin folders a user's PATH may lack (Debian installs mosquitto in /usr/sbin).</summary>
internal static class ExecutablePath
{
    private static readonly string[] SystemFolders = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    public static string Find(string name)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return folders.Concat(SystemFolders).Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{name} is not installed (infra/install-prerequisites.sh installs it).", name);
    }
}
