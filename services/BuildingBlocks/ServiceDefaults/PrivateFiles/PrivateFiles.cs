using System.Runtime.InteropServices;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// Files and folders only the service's user may read: folders 0700, files 0600. The data folder holds guests' screen
/// images, databases (and SQLite's <c>-wal</c> and <c>-shm</c> beside them) and protected secrets; nobody else on the
/// machine has any business there.
/// </summary>
public static partial class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The permission bits of group and others.</summary>
    private const UnixFileMode NotTheOwners = ~(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

    /// <summary>umask 077: whatever the process creates from now on (also SQLite's files) is its user's alone.</summary>
    private const uint OwnerOnlyMask = 0x3F;

    /// <summary>
    /// Sets the process's file creation mask to 077. .NET has no API for it and the mask is per process, so this is
    /// called once, at start, before anything creates a file.
    /// </summary>
    public static void RestrictNewFiles()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            umask(OwnerOnlyMask);
        }
    }

    /// <summary>Creates <paramref name="folder"/> (and missing parents) as 0700, or makes it 0700 if it exists; not what is in it.</summary>
    /// <returns>The folder's full path.</returns>
    /// <exception cref="InvalidOperationException">It cannot be made private (another user owns it).</exception>
    public static string CreateFolder(string folder)
    {
        var path = Path.GetFullPath(folder);
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path).FullName;
        }
        if (Directory.Exists(path))
        {
            MakePrivate(new DirectoryInfo(path), FolderMode);
            return path;
        }
        return Directory.CreateDirectory(path, FolderMode).FullName;
    }

    /// <summary>
    /// Creates <paramref name="folder"/> (0700) if missing; otherwise makes it and everything in it private, as a data
    /// folder from a release that left them readable needs (nothing is moved or deleted). Symbolic links are neither
    /// changed nor followed.
    /// </summary>
    /// <exception cref="InvalidOperationException">A file or folder cannot be made private (another user owns it).</exception>
    public static void Secure(string folder)
    {
        var root = new DirectoryInfo(CreateFolder(folder));
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var everything = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false };
        var folders = new Stack<DirectoryInfo>([root]);
        while (folders.TryPop(out var current))
        {
            foreach (var entry in current.EnumerateFileSystemInfos("*", everything))
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }
                if (entry is DirectoryInfo subfolder)
                {
                    MakePrivate(subfolder, FolderMode);
                    folders.Push(subfolder);
                }
                else
                {
                    MakePrivate(entry, FileMode);
                }
            }
        }
    }

    private static void MakePrivate(FileSystemInfo entry, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows() || (entry.UnixFileMode & NotTheOwners) == 0)
        {
            return;
        }
        try
        {
            entry.UnixFileMode = mode;
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            throw new InvalidOperationException($"{entry.FullName} is readable by others and cannot be made private: {exception.Message}", exception);
        }
    }

    [LibraryImport("libc")]
    private static partial uint umask(uint mask);
}
