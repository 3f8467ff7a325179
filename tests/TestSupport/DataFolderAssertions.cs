using System.Runtime.Versioning;
using System.Text;

namespace Hiroba.TestSupport;

/// <summary>What may be asserted about a service's data folder on disk.</summary>
[SupportedOSPlatform("linux")]
public static class DataFolderAssertions
{
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The folder and every folder in it are 0700, every file 0600.</summary>
    /// <returns>How many files there are.</returns>
    public static int AssertPrivate(string folder)
    {
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(folder));
        var everything = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        Assert.All(Directory.GetDirectories(folder, "*", everything), subfolder =>
            Assert.True(File.GetUnixFileMode(subfolder) == PrivateFolder, $"{subfolder} is {File.GetUnixFileMode(subfolder)}"));
        var files = Directory.GetFiles(folder, "*", everything);
        Assert.All(files, file => Assert.True(File.GetUnixFileMode(file) == PrivateFile, $"{file} is {File.GetUnixFileMode(file)}"));
        return files.Length;
    }

    /// <summary>No file in the folder (SQLite's -wal and -shm included) holds <paramref name="secret"/>'s UTF-8 bytes.</summary>
    public static void AssertNowhere(string folder, string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        var files = Directory.GetFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 });
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.False(Read(file).AsSpan().IndexOf(bytes) >= 0, $"{file} holds '{secret}'"));
    }

    /// <summary>Makes the folder and everything in it readable by everyone, as releases before private data folders left it.</summary>
    public static void MakeReadableByAll(string folder)
    {
        var everything = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        foreach (var subfolder in Directory.GetDirectories(folder, "*", everything).Append(folder))
        {
            File.SetUnixFileMode(subfolder, PrivateFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        foreach (var file in Directory.GetFiles(folder, "*", everything))
        {
            File.SetUnixFileMode(file, PrivateFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private static byte[] Read(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
