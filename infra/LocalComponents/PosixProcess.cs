using System.Runtime.InteropServices;

namespace Hiroba.LocalComponents;

/// <summary>The two POSIX calls .NET does not offer: a signal of our choice (a graceful stop) and the effective user id.</summary>
internal static partial class PosixProcess
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    public static bool IsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

    /// <summary>Sends <paramref name="signal"/>; false when the process is already gone.</summary>
    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
