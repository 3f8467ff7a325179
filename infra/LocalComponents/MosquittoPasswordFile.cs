namespace Hiroba.LocalComponents;

/// <summary>Creates a mosquitto password file with one user through <c>mosquitto_passwd</c> (which hashes it).</summary>
internal static class MosquittoPasswordFile
{
    private const string Tool = "mosquitto_passwd";

    public static async Task CreateAsync(string path, string username, string password, CancellationToken cancellationToken)
    {
        await SecretFile.WriteAsync(path, "", cancellationToken);
        await using var tool = ChildProcess.Start(new ChildProcessOptions(Tool, Tool, ["-b", path, username, password]));
        var exitCode = await tool.Exited.WaitAsync(cancellationToken);
        if (exitCode != 0)
        {
            throw new ChildProcessException($"{Tool} exited with code {exitCode} while writing {path}.", tool.RecentOutput);
        }
    }
}
